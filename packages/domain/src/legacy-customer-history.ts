/**
 * `GET /api/{version}/customers/{id}/history` (SPEC §5): who changed what on
 * a customer, newest first, a page at a time, in the list's answer style
 * (`{paging, data}`, `max` and `offset` with the list's rules and errors).
 *
 * An entry is one changed field of one stored update, in the contract's
 * parameter names (`creditLimit`, `paymentTypes`, `userId`), with the values
 * as text, the way the history stores them: numbers and booleans as typed,
 * payment types as their ids joined by commas, null for an empty value.
 * Several fields of one update share its `dateCreated`.
 */
import { z } from "zod";

import { decodeLegacyCustomerListQuery, LegacyCustomerListParams, legacyCustomerListMaxLimit } from "./legacy-customer-list-query";
import { formatLegacyDate, legacyHref, type LegacyApiVersion } from "./legacy-json";
import { LegacyCreatedByRef, LegacyDate } from "./legacy-json-schemas";

export const customerChangeChannels = ["api", "ui", "import"] as const;
export type CustomerChangeChannel = (typeof customerChangeChannels)[number];

/** One stored change, as the history repository reads it. */
export interface CustomerChange {
  id: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  channel: CustomerChangeChannel;
  changedAt: Date;
  /** Null when the user was deleted since. */
  user: { id: number; reference: string } | null;
}

/** The history's query parameters, with the list's rules; the OpenAPI document shows them. */
export const LegacyCustomerHistoryParams = z.object({
  max: LegacyCustomerListParams.shape.max.meta({
    description: `Entries per page. Default 100; a larger value than ${legacyCustomerListMaxLimit} is cut to ${legacyCustomerListMaxLimit}.`,
  }),
  offset: LegacyCustomerListParams.shape.offset.meta({ description: "How many entries to skip, newest first." }),
});

export interface LegacyCustomerHistoryQuery {
  max: number;
  offset: number;
}

/**
 * `max` and `offset` decoded exactly as the list decodes them (same defaults,
 * same refusals and texts); every other parameter is ignored, as the list
 * ignores the ones it does not know.
 */
export function decodeLegacyCustomerHistoryQuery(entries: Iterable<readonly [string, string]>): LegacyCustomerHistoryQuery {
  const paging = [...entries].filter(([name]) => name === "max" || name === "offset");
  const { max, offset } = decodeLegacyCustomerListQuery(paging);
  return { max, offset };
}

export function toLegacyCustomerChangeJson(change: CustomerChange, options: { apiVersion: LegacyApiVersion }) {
  return {
    id: change.id,
    field: change.field,
    oldValue: change.oldValue,
    newValue: change.newValue,
    channel: change.channel,
    dateCreated: formatLegacyDate(change.changedAt),
    changedBy: change.user
      ? { userId: change.user.id, reference: change.user.reference, href: legacyHref(options.apiVersion, "user", change.user.id) }
      : null,
  };
}

export const LegacyCustomerChangeJson = z
  .strictObject({
    id: z.int().min(1).meta({ description: "The entry's id; among entries of the same instant, the larger is the later." }),
    field: z.string().meta({ description: "The parameter that changed, by its name in the update (`creditLimit`, `paymentTypes`, `userId`, `logo`...).", examples: ["creditLimit"] }),
    oldValue: z.string().nullable().meta({ description: "The value before, as text (payment types: ids joined by commas); null when empty." }),
    newValue: z.string().nullable().meta({ description: "The value after, in the same form.", examples: ["7500"] }),
    channel: z.enum(customerChangeChannels).meta({ description: "`api`: through this legacy API; `ui`: in the web UI; `import`: by a CSV import." }),
    dateCreated: LegacyDate.meta({ description: "When the change was stored, UTC `YYYY-MM-DDTHH:MM:SSZ`." }),
    changedBy: LegacyCreatedByRef.nullable().meta({ description: "The user who made the change, linked (as `createdBy`); null if that user is gone." }),
  })
  .meta({ description: "One changed field of one stored update." });

export const LegacyCustomerHistoryJson = z
  .strictObject({
    paging: z.strictObject({
      total: z.int().min(0).meta({ description: "How many entries the customer's history holds." }),
      max: z.int().min(1).max(legacyCustomerListMaxLimit).meta({ description: "The page size applied." }),
      offset: z.int().min(0),
      previous: z.string().nullable().meta({
        description: "Relative URL of the previous page (the same path and query, another offset), or null.",
        examples: ["/api/v1.0/customers/256/history?max=10&offset=0"],
      }),
      next: z.string().nullable().meta({
        description: "Relative URL of the next page, or null on the last.",
        examples: ["/api/v1.0/customers/256/history?max=10&offset=20"],
      }),
    }),
    data: z.array(LegacyCustomerChangeJson).meta({ description: "The page's entries, newest first." }),
  })
  .meta({ description: "One page of a customer's change history, newest first." });
