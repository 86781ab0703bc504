/**
 * The cursor of the UI's customer list: where the next (or previous) page
 * starts, as one opaque URL-safe string that the client hands back unread.
 * It carries the row's sort value and id, the side of it the page lies on,
 * and the sort it was made for: a cursor of another sort would point at a
 * meaningless place, and is refused.
 */
import type { CustomerListPosition, CustomerSortKey, CustomerSortOrder } from "@cr/db/repositories";
import { errors, isStorableText } from "@cr/domain";
import { z } from "zod";

export type CustomerListSide = "after" | "before";

export interface CustomerListCursor {
  sort: CustomerSortKey;
  order: CustomerSortOrder;
  side: CustomerListSide;
  position: CustomerListPosition;
}

const text = (max: number) => z.string().max(max).refine(isStorableText);

/** The sort value as JSON carries it, per sort: dates as ISO text (the column keeps milliseconds). */
const sortValues = {
  name: text(255),
  reference: text(100),
  lastUpdated: z.iso.datetime().transform((value) => new Date(value)),
  creditLimit: z.number().nullable(),
} satisfies Record<CustomerSortKey, z.ZodType>;

const CursorJson = z.object({
  s: z.enum(["name", "reference", "lastUpdated", "creditLimit"]),
  o: z.enum(["asc", "desc"]),
  d: z.enum(["after", "before"]),
  v: z.unknown(),
  i: z.number().int().min(1).max(2_147_483_647),
});

export function encodeCustomerListCursor(cursor: CustomerListCursor): string {
  const { sortValue, id } = cursor.position;
  const value = sortValue instanceof Date ? sortValue.toISOString() : sortValue;
  const json = { s: cursor.sort, o: cursor.order, d: cursor.side, v: value, i: id };
  return Buffer.from(JSON.stringify(json)).toString("base64url");
}

/**
 * The position and side of a cursor made for this sort. Refuses a cursor that
 * cannot be read (`invalid_param_type`) and one made for another sort or order
 * (`invalid_param`): the list changed under it, and starts again from its first page.
 */
export function decodeCustomerListCursor(
  cursor: string,
  expected: { sort: CustomerSortKey; order: CustomerSortOrder },
): { side: CustomerListSide; position: CustomerListPosition } {
  const json = CursorJson.safeParse(parseJson(Buffer.from(cursor, "base64url").toString("utf8")));
  if (!json.success) throw errors.invalidParamType("cursor");
  const { s: sort, o: order, d: side, v, i: id } = json.data;
  if (sort !== expected.sort || order !== expected.order) {
    throw errors.invalidParam("cursor", "cursor was made for another sort of the list.");
  }
  const sortValue = sortValues[sort].safeParse(v);
  if (!sortValue.success) throw errors.invalidParamType("cursor");
  return { side, position: { sortValue: sortValue.data, id } };
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
