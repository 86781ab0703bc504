import { errors } from "@cr/domain";
import { findOrganizationById } from "@cr/db/repositories";

import { createTRPCRouter, protectedProcedure } from "../init";

export const organizationRouter = createTRPCRouter({
  /** The signed-in user's organization: its currencies and whether it uses regions shape the customer form. */
  current: protectedProcedure.query(async ({ ctx }) => {
    const organization = await findOrganizationById(ctx.deps.db, ctx.user.organizationId);
    // a session always belongs to an existing organization; a deleted one ends it
    if (!organization) throw errors.authenticationRequired();
    return organization;
  }),
});
