import { storableString } from "@cr/domain";
import { findOrganizationById, searchReferenceOptions } from "@cr/db/repositories";
import { z } from "zod";

import { createTRPCRouter, protectedProcedure } from "../init";

const ReferenceKind = z.enum(["category", "segmentation", "region", "paymentType"]);

export const referenceRouter = createTRPCRouter({
  /** The options of the UI's pickers: objects of one kind whose name or reference contains `search`. */
  options: protectedProcedure
    .input(
      z.object({
        kind: ReferenceKind,
        search: storableString("search").trim().max(255).optional(),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const organizationId = ctx.user.organizationId;
      // Regions mean nothing without geographic locations: the update ignores
      // `regionId` there, so the picker must not offer any.
      if (input.kind === "region") {
        const organization = await findOrganizationById(ctx.deps.db, organizationId);
        if (!organization?.geoLocationsEnabled) return [];
      }
      return searchReferenceOptions(ctx.deps.db, { organizationId, ...input });
    }),
});
