/**
 * The query of `GET /api/{version}/customers`, the seed system's list: paging
 * (`max`, `offset`), sorting (`sort`, `order`), date ranges
 * (`dateCreated_gt`... `lastUpdated_lte`) and filters (`reference`, `name`,
 * `categoryReference` with `*` as the only wildcard, `isActive`).
 *
 * As for the update (legacy-form.ts then customer-patch.ts), decoding has two
 * steps: the wire types first (a value that is not a number, a boolean or a
 * date is 400 `invalid_param_type`), then the zod schema's value rules (400
 * `invalid_param`). The schema, with the wire names, is also what the OpenAPI
 * document shows for the query parameters.
 *
 * An empty value is the same as an absent one: HTML forms and some scripts
 * send every field of their form, filled or not.
 */
import { z } from "zod";

import { errorCodeOfIssue, storableString } from "./customer-patch";
import { AppError, type ErrorCode, errors, errorTexts } from "./errors";
import { decodeLegacyBoolean } from "./legacy-form";

export const legacyCustomerListSortKeys = ["id", "reference", "name", "dateCreated", "lastUpdated"] as const;
export type LegacyCustomerListSortKey = (typeof legacyCustomerListSortKeys)[number];

export const legacyCustomerListDefaultMax = 100;
/** A larger `max` is not refused: it is cut to this, and `paging.max` says so. */
export const legacyCustomerListMaxLimit = 1000;

// Stryker disable next-line ArrowFunction, ObjectLiteral: decodeWireValue gives the schema only numbers, booleans and strings, so zod's own type message never shows
const typeError = (param: string) => ({ error: errorTexts.invalidParamType(param) });

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true, local: true });

/** `2016-08-16` is midnight UTC; a date-time without offset is read as UTC, never as the server's zone. */
function toUtcDate(value: string): Date {
  // Stryker disable next-line Regex: a value that passed z.iso.datetime can only have its zone at the end
  const hasZone = /(?:Z|[+-]\d{2}:\d{2})$/i.test(value);
  // Stryker disable next-line StringLiteral: with `includes("")` a date alone gets a Z too, and V8 reads `2016-08-16Z` as the same midnight UTC
  return new Date(value.includes("T") && !hasZone ? `${value}Z` : value);
}

function dateBound(param: string, comparison: string) {
  return z
    .string(typeError(param))
    // on the string itself: past the transform, examples would describe the Date
    .meta({ examples: ["2016-08-16", "2016-08-16T09:02:13Z"] })
    .refine((value) => isoDate.safeParse(value).success || isoDateTime.safeParse(value).success, {
      error: errorTexts.invalidParamType(param),
      params: { code: "invalid_param_type" satisfies ErrorCode },
    })
    .transform(toUtcDate)
    .optional()
    .meta({
      description:
        `Only customers whose ${param.split("_")[0]} is ${comparison} this instant. ISO 8601: a date ` +
        "(midnight UTC) or a date-time with an offset (UTC when it has none).",
    });
}

function wildcard(param: string, description: string, example: string) {
  return storableString(param)
    .optional()
    .meta({
      description: `${description} \`*\` matches any run of characters; every other character, \`%\` and \`_\` included, is literal.`,
      examples: [example],
    });
}

/** The parameters with their wire names, in the order the OpenAPI document lists them. */
export const LegacyCustomerListParams = z.object({
  max: z
    .int(
      // Stryker disable next-line StringLiteral: the type message of max never shows (see typeError)
      typeError("max"),
    )
    .min(1, { error: "max must be 1 or more." })
    .default(legacyCustomerListDefaultMax)
    .transform((max) => Math.min(max, legacyCustomerListMaxLimit))
    .meta({
      description: `Customers per page. Default ${legacyCustomerListDefaultMax}; a larger value than ${legacyCustomerListMaxLimit} is cut to ${legacyCustomerListMaxLimit}.`,
    }),
  offset: z
    .int(
      // Stryker disable next-line StringLiteral: the type message of offset never shows (see typeError)
      typeError("offset"),
    )
    .min(0, { error: "offset must be 0 or more." })
    .default(0)
    .meta({ description: "How many customers to skip, in the order of `sort` and `order`." }),
  sort: z
    .enum(legacyCustomerListSortKeys, { error: `sort must be one of ${legacyCustomerListSortKeys.join(", ")}.` })
    .default("id")
    .meta({ description: "The key to sort by. Ties are broken by `id`, so that pages never repeat nor skip a customer." }),
  order: z
    .enum(["asc", "desc"], { error: "order must be asc or desc." })
    .default("asc")
    .meta({ description: "Sort direction." }),
  dateCreated_gt: dateBound("dateCreated_gt", "after"),
  dateCreated_gte: dateBound("dateCreated_gte", "at or after"),
  dateCreated_lt: dateBound("dateCreated_lt", "before"),
  dateCreated_lte: dateBound("dateCreated_lte", "at or before"),
  lastUpdated_gt: dateBound("lastUpdated_gt", "after"),
  lastUpdated_gte: dateBound("lastUpdated_gte", "at or after"),
  lastUpdated_lt: dateBound("lastUpdated_lt", "before"),
  lastUpdated_lte: dateBound("lastUpdated_lte", "at or before"),
  reference: wildcard("reference", "The customer's reference, letter case included.", "NC-*"),
  name: wildcard("name", "The customer's name, in any letter case.", "*jewelry*"),
  categoryReference: wildcard("categoryReference", "The reference of the customer's own category (not of its ancestors).", "jewel*"),
  isActive: z
    .boolean(
      // Stryker disable next-line StringLiteral: the type message of isActive never shows (see typeError)
      typeError("isActive"),
    )
    .optional()
    .meta({ description: "Only active (`true`) or inactive (`false`) customers. `1` and `0` are accepted too." }),
});

export type LegacyCustomerListParam = keyof typeof LegacyCustomerListParams.shape;

type ListWireType = "Integer" | "Boolean" | "String";

const listWireTypes: Readonly<Record<LegacyCustomerListParam, ListWireType>> = {
  max: "Integer",
  offset: "Integer",
  sort: "String",
  order: "String",
  dateCreated_gt: "String",
  dateCreated_gte: "String",
  dateCreated_lt: "String",
  dateCreated_lte: "String",
  lastUpdated_gt: "String",
  lastUpdated_gte: "String",
  lastUpdated_lt: "String",
  lastUpdated_lte: "String",
  reference: "String",
  name: "String",
  categoryReference: "String",
  isActive: "Boolean",
};

function isListParam(name: string): name is LegacyCustomerListParam {
  return Object.hasOwn(listWireTypes, name);
}

export interface DateRange {
  gt?: Date;
  gte?: Date;
  lt?: Date;
  lte?: Date;
}

/** The decoded query: what the list service takes. */
export interface LegacyCustomerListQuery {
  max: number;
  offset: number;
  sort: LegacyCustomerListSortKey;
  order: "asc" | "desc";
  filters: {
    /** Wildcard patterns: `*` is the only wildcard. */
    reference?: string;
    name?: string;
    categoryReference?: string;
    isActive?: boolean;
    dateCreated: DateRange;
    lastUpdated: DateRange;
  };
}

function decodeWireValue(param: LegacyCustomerListParam, raw: string): unknown {
  const value = raw.trim();
  switch (listWireTypes[param]) {
    case "Integer":
      // a minus sign is a number of the wrong value (invalid_param), not of the wrong type
      if (!/^-?\d+$/.test(value)) throw errors.invalidParamType(param);
      if (!Number.isSafeInteger(Number(value))) throw errors.invalidParam(param, `${param} is too large.`);
      return Number(value);
    case "Boolean":
      return decodeLegacyBoolean(param, value);
    case "String":
      // patterns are kept as typed: a leading space may be part of a name
      return param === "reference" || param === "name" || param === "categoryReference" ? raw : value;
  }
}

/**
 * Decodes the query string's entries. Unknown parameters are ignored (as the
 * update ignores unknown fields); a known one given twice is refused.
 */
export function decodeLegacyCustomerListQuery(entries: Iterable<readonly [string, string]>): LegacyCustomerListQuery {
  const seen = new Set<LegacyCustomerListParam>();
  const decoded: Partial<Record<LegacyCustomerListParam, unknown>> = {};
  for (const [name, raw] of entries) {
    if (!isListParam(name)) continue;
    if (seen.has(name)) throw errors.invalidParamType(name);
    seen.add(name);
    if (raw.trim() === "") continue;
    decoded[name] = decodeWireValue(name, raw);
  }

  const result = LegacyCustomerListParams.safeParse(decoded);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const param = issue.path[0];
    // Stryker disable next-line ConditionalExpression: the decoded query is always an object, so an issue's first path segment is always a parameter's name
    throw new AppError(errorCodeOfIssue(issue), issue.message, { field: typeof param === "string" ? param : undefined });
  }
  const params = result.data;
  return {
    max: params.max,
    offset: params.offset,
    sort: params.sort,
    order: params.order,
    filters: {
      reference: params.reference,
      name: params.name,
      categoryReference: params.categoryReference,
      isActive: params.isActive,
      dateCreated: {
        gt: params.dateCreated_gt,
        gte: params.dateCreated_gte,
        lt: params.dateCreated_lt,
        lte: params.dateCreated_lte,
      },
      lastUpdated: {
        gt: params.lastUpdated_gt,
        gte: params.lastUpdated_gte,
        lt: params.lastUpdated_lt,
        lte: params.lastUpdated_lte,
      },
    },
  };
}

/**
 * The offsets of the neighbouring pages, or null where there is none. The
 * previous page of an offset past the end still steps back by `max`, so a
 * client walking backwards reaches the data again.
 */
export function legacyPagingOffsets(paging: { total: number; max: number; offset: number }): {
  previous: number | null;
  next: number | null;
} {
  const { total, max, offset } = paging;
  return {
    previous: offset > 0 ? Math.max(0, offset - max) : null,
    next: offset + max < total ? offset + max : null,
  };
}
