/**
 * The admin pages' procedures: users, API tokens and the audit log of the
 * signed-in user's organization. Who may is the services' to check
 * (`organization.manage`): these only decode and call.
 */
import { NewApiTokenInput, NewUserInput, UserRoleInput } from "@cr/domain";
import { z } from "zod";

import { createApiToken, listApiTokens, revokeApiToken } from "../../services/organization/api-tokens";
import { listAuditLog } from "../../services/organization/audit-log";
import { changeUserRole, createOrganizationUser, deactivateUser, listUsers } from "../../services/organization/users";
import { createTRPCRouter, protectedProcedure } from "../init";

const RowId = z.number().int().positive();

export const userRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listUsers({ deps: ctx.deps, actor: ctx.user })),

  create: protectedProcedure
    .input(NewUserInput)
    .mutation(({ ctx, input }) => createOrganizationUser({ deps: ctx.deps, actor: ctx.user, user: input })),

  changeRole: protectedProcedure
    .input(z.object({ userId: RowId, role: UserRoleInput }))
    .mutation(({ ctx, input }) => changeUserRole({ deps: ctx.deps, actor: ctx.user, ...input })),

  deactivate: protectedProcedure
    .input(z.object({ userId: RowId }))
    .mutation(({ ctx, input }) => deactivateUser({ deps: ctx.deps, actor: ctx.user, userId: input.userId })),
});

export const apiTokenRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiTokens({ deps: ctx.deps, actor: ctx.user })),

  create: protectedProcedure
    .input(NewApiTokenInput)
    .mutation(({ ctx, input }) => createApiToken({ deps: ctx.deps, actor: ctx.user, token: input })),

  revoke: protectedProcedure
    .input(z.object({ tokenId: RowId }))
    .mutation(({ ctx, input }) => revokeApiToken({ deps: ctx.deps, actor: ctx.user, tokenId: input.tokenId })),
});

export const auditRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), before: RowId.optional() }))
    .query(({ ctx, input }) => listAuditLog({ deps: ctx.deps, actor: ctx.user, ...input })),
});
