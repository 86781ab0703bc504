/**
 * The new-token form's values (text inputs, a "never expires" box) turned into
 * the `NewApiTokenInput` the server takes, and checked by that same schema:
 * only reading the number of days is the form's own rule.
 */
import { NewApiTokenInput } from "@cr/domain";
import { z } from "zod";

export const apiTokenFormSchema = z
  .object({
    name: z.string(),
    /** The owner's user id, as the select gives it. */
    ownerUserId: z.string(),
    scope: z.string(),
    neverExpires: z.boolean(),
    expiresInDays: z.string(),
  })
  .transform((values, ctx) => {
    const days = values.expiresInDays.trim();
    if (!values.neverExpires && !/^\d+$/.test(days)) {
      ctx.addIssue({ code: "custom", path: ["expiresInDays"], message: "Enter a number of days, or choose Never." });
      return z.NEVER;
    }
    return {
      name: values.name,
      ownerUserId: Number(values.ownerUserId),
      scope: values.scope,
      expiresInDays: values.neverExpires ? null : Number(days),
    };
  })
  .pipe(NewApiTokenInput);

export type ApiTokenFormValues = z.input<typeof apiTokenFormSchema>;

/** A read token of the admin's own, for 90 days: the least it can be. */
export const blankApiToken = (ownerUserId: number): ApiTokenFormValues => ({
  name: "",
  ownerUserId: String(ownerUserId),
  scope: "read",
  neverExpires: false,
  expiresInDays: "90",
});
