/**
 * The query of `GET /api/{version}/customers.csv`: every customer the list
 * would show, not a page of them. It takes the legacy list's filters
 * (`reference`, `name`, `categoryReference`, `isActive`, the date ranges) and
 * `order`, decoded by the list's own decoder with the same refusals, plus the
 * UI list's (`search` in name or reference, `onHold`, `categoryId`), `sort`
 * by any key of either list, and `bom`. `max` and `offset` are ignored: the
 * export has no pages.
 */
import { z } from "zod";

import { errors } from "./errors";
import { isStorableText } from "./field-kinds";
import { decodeLegacyBoolean } from "./legacy-form";
import { decodeLegacyCustomerListQuery, type LegacyCustomerListQuery, legacyCustomerListSortKeys } from "./legacy-customer-list-query";

export const customerExportSortKeys = [...legacyCustomerListSortKeys, "creditLimit"] as const;
export type CustomerExportSortKey = (typeof customerExportSortKeys)[number];

export type CustomerExportFilters = LegacyCustomerListQuery["filters"] & {
  /** In the name or the reference, any letter case (the UI list's search). */
  search?: string;
  onHold?: boolean;
  categoryId?: number;
};

export interface CustomerExportQuery {
  sort: CustomerExportSortKey;
  order: "asc" | "desc";
  filters: CustomerExportFilters;
  /** Start the file with a UTF-8 byte order mark, for spreadsheet programs. */
  bom: boolean;
}

/** The parameters beside the list's, with their descriptions for the OpenAPI document. */
export const CustomerExportExtraParams = z.object({
  sort: z
    .enum(customerExportSortKeys)
    .default("id")
    .meta({ description: "The key to sort by. Ties are broken by `id`." }),
  search: z
    .string()
    .optional()
    .meta({ description: "Only customers whose name or reference contains this text, in any letter case (the UI list's search)." }),
  onHold: z.boolean().optional().meta({ description: "Only customers on hold (`true`) or not (`false`)." }),
  categoryId: z.int().min(1).optional().meta({ description: "Only customers of this category (its id)." }),
  bom: z
    .boolean()
    .default(false)
    .meta({ description: "`true` starts the file with a UTF-8 byte order mark, which spreadsheet programs need to read accents." }),
});

const ownParams = new Set(["sort", "search", "onHold", "categoryId", "bom", "max", "offset"]);

export function decodeCustomerExportQuery(entries: Iterable<readonly [string, string]>): CustomerExportQuery {
  // Stryker disable next-line ArrayDeclaration: a string item is read as the entry [first letter, second letter], which names no list parameter and is ignored
  const listEntries: [string, string][] = [];
  const own = new Map<string, string>();
  for (const [name, value] of entries) {
    if (!ownParams.has(name)) listEntries.push([name, value]);
    else if (own.has(name)) throw errors.invalidParamType(name);
    else own.set(name, value);
  }
  const list = decodeLegacyCustomerListQuery(listEntries);

  const text = (name: string) => {
    const value = own.get(name)?.trim();
    // Stryker disable next-line ConditionalExpression: `value === undefined` as false returns the same undefined
    return value === undefined || value === "" ? undefined : value;
  };
  const flag = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : decodeLegacyBoolean(name, value);
  };

  const sortText = text("sort") ?? "id";
  if (!(customerExportSortKeys as readonly string[]).includes(sortText)) {
    throw errors.invalidParam("sort", `sort must be one of ${customerExportSortKeys.join(", ")}.`);
  }
  const categoryText = text("categoryId");
  let categoryId: number | undefined;
  if (categoryText !== undefined) {
    if (!/^\d{1,9}$/.test(categoryText) || Number(categoryText) < 1) throw errors.invalidParamType("categoryId");
    categoryId = Number(categoryText);
  }
  // the UI list's search takes at most 255 characters, as its procedure does
  const search = text("search");
  if (search !== undefined && (!isStorableText(search) || search.length > 255)) throw errors.invalidParamType("search");

  return {
    sort: sortText as CustomerExportSortKey,
    order: list.order,
    filters: { ...list.filters, search, onHold: flag("onHold"), categoryId },
    bom: flag("bom") ?? false,
  };
}
