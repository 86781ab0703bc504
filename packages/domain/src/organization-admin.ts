/**
 * What an admin sends to manage the organization: a new user, a role, a new
 * API token. One schema each, used by the admin pages' forms and by the tRPC
 * procedures, so both refuse the same input with the same words.
 */
import { z } from "zod";

import { tokenScopes, userRoles } from "./authorization";
import { apiWording, storableText } from "./field-kinds";

const text = (param: string, max: number) =>
  storableText(apiWording(param))
    .trim()
    .min(1, { error: `${param} parameter is missing` })
    .max(max, { error: `${param} must be at most ${max} characters.` });

export const UserRoleInput = z.enum(userRoles, { error: `role must be one of ${userRoles.join(", ")}.` });
export const TokenScopeInput = z.enum(tokenScopes, { error: `scope must be one of ${tokenScopes.join(", ")}.` });

export const NewUserInput = z.object({
  email: text("email", 320).regex(z.regexes.email, { error: "email must be an e-mail address such as name@example.com." }),
  name: text("name", 255),
  /** The user's id for integrations (`createdBy.reference`), unique in the organization. */
  reference: text("reference", 100),
  password: z.string().min(8, { error: "The password needs at least 8 characters." }).max(200),
  role: UserRoleInput,
});
export type NewUserInput = z.infer<typeof NewUserInput>;

export const NewApiTokenInput = z.object({
  name: text("name", 255),
  scope: TokenScopeInput,
  /** Whose token it is: it acts with the lesser of its scope and this user's role. */
  ownerUserId: z.number().int().positive(),
  /** Days until it expires; null: never. */
  expiresInDays: z.number().int().min(1).max(3650).nullable(),
});
export type NewApiTokenInput = z.infer<typeof NewApiTokenInput>;
