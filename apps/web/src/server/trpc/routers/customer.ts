import { CustomerBulkPatch, CustomerPatch, errors, storableString } from "@cr/domain";
import { z } from "zod";

import { bulkUpdateCustomers } from "../../services/bulk-update-customers";
import { getCustomer } from "../../services/get-customer";
import { getCustomerHistory } from "../../services/get-customer-history";
import { listCustomers } from "../../services/list-customers";
import { updateCustomer } from "../../services/update-customer";
import { createTRPCRouter, protectedProcedure } from "../init";

const CustomerId = z.number().int().positive();

/**
 * The UI's picture upload: multipart `FormData` with `id` and `imageFile`,
 * the same fields as the legacy door, handed to the same service.
 */
const LogoUpload = z.instanceof(FormData).transform((form) => {
  const id = Number(form.get("id"));
  if (!Number.isInteger(id) || id <= 0) throw errors.invalidParamType("id");
  const files = form.getAll("imageFile");
  const [file] = files;
  if (files.length !== 1 || !(file instanceof File)) throw errors.invalidParamType("imageFile");
  return { id, file };
});

/** The rows a bulk edit changes: those ticked, or every customer the list's search and filters match. */
const BulkEditSelection = z.union([
  z.object({ ids: z.array(CustomerId) }),
  z.object({
    filter: z.object({
      search: storableString("search").trim().max(255).optional(),
      isActive: z.boolean().optional(),
      onHold: z.boolean().optional(),
      categoryId: z.number().int().positive().optional(),
    }),
  }),
]);

export const customerRouter = createTRPCRouter({
  /** The same update as the legacy POST, with the same typed patch and rules. */
  update: protectedProcedure
    .input(
      z.object({
        id: CustomerId,
        patch: CustomerPatch,
        /** The version the form was loaded with: a customer changed since then is not overwritten (412). */
        expectedVersion: z.number().int().positive().optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      updateCustomer({
        deps: ctx.deps,
        actor: ctx.user,
        lookup: { id: input.id },
        patch: input.patch,
        expectedVersions: input.expectedVersion === undefined ? undefined : [input.expectedVersion],
        channel: "ui",
      }),
    ),

  /** Bulk edit from the list: each customer alone through the update's rules; `preview` writes nothing. */
  bulkUpdate: protectedProcedure
    .input(z.object({ selection: BulkEditSelection, patch: CustomerBulkPatch, preview: z.boolean() }))
    .mutation(({ ctx, input }) =>
      bulkUpdateCustomers({ deps: ctx.deps, actor: ctx.user, selection: input.selection, patch: input.patch, preview: input.preview }),
    ),

  uploadLogo: protectedProcedure.input(LogoUpload).mutation(async ({ ctx, input }) =>
    updateCustomer({
      deps: ctx.deps,
      actor: ctx.user,
      lookup: { id: input.id },
      patch: {},
      picture: { fileName: input.file.name, bytes: new Uint8Array(await input.file.arrayBuffer()) },
      channel: "ui",
    }),
  ),

  byId: protectedProcedure
    .input(z.object({ id: CustomerId }))
    .query(({ ctx, input }) => getCustomer({ deps: ctx.deps, actor: ctx.user, lookup: { id: input.id } })),

  list: protectedProcedure
    .input(
      z.object({
        search: storableString("search").trim().max(255).optional(),
        isActive: z.boolean().optional(),
        onHold: z.boolean().optional(),
        categoryId: z.number().int().positive().optional(),
        sort: z.enum(["name", "reference", "lastUpdated", "creditLimit"]).default("name"),
        order: z.enum(["asc", "desc"]).default("asc"),
        limit: z.number().int().min(1).max(100).default(25),
        offset: z.number().int().min(0).default(0),
        /** `nextCursor` or `previousCursor` of an answer: keyset paging, as cheap deep down as on the first page. */
        cursor: z.string().max(2000).optional(),
      }),
    )
    .query(({ ctx, input }) => listCustomers({ deps: ctx.deps, actor: ctx.user, query: input })),

  history: protectedProcedure
    .input(z.object({ id: CustomerId, limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) =>
      getCustomerHistory({ deps: ctx.deps, actor: ctx.user, lookup: { id: input.id }, limit: input.limit }),
    ),
});
