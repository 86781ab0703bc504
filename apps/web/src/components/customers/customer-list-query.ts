/**
 * The customer list's state lives in the URL query (`?q=jewel&hold=true&page=2`),
 * so a list can be shared, reloaded and walked back through. Read by the
 * server page (to render the list before any JavaScript) and by the browser.
 *
 * A link with a value that no longer makes sense still opens a list: each
 * unreadable parameter falls back to its default instead of failing the page.
 * (Read by hand rather than with zod: the list page needs no schema library.)
 *
 * Paging: the Previous and Next buttons put the answer's cursor in the URL
 * beside the page number (`?page=41&cursor=...`), and the server reads the
 * page from that row on: page 40,000 costs what page 2 does, and a reload or
 * a shared link shows the same rows. A page number without a cursor (a link
 * typed or kept from before) is read with an offset: exact, but dearer the
 * deeper it is. There is deliberately no "go to page N" box: in a large
 * organization the total is only known to be "more than 1,000", so the last
 * page has no number, and a search narrows the list faster than jumping.
 */
export const customerSortKeys = ["name", "reference", "lastUpdated", "creditLimit"] as const;
export type CustomerSortKey = (typeof customerSortKeys)[number];
export type SortOrder = "asc" | "desc";
export const pageSizes = [25, 50, 100] as const;

export interface CustomerListState {
  search: string;
  isActive?: boolean;
  onHold?: boolean;
  categoryId?: number;
  sort: CustomerSortKey;
  order: SortOrder;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Where the page starts (`nextCursor` or `previousCursor` of the list's answer); without it, the page number's offset. */
  cursor?: string;
}

const defaults = { search: "", sort: "name", order: "asc", page: 1, pageSize: 25 } as const;

function readFlag(value: string | null): boolean | undefined {
  return value === "true" ? true : value === "false" ? false : undefined;
}

function readPositiveInteger(value: string | null): number | undefined {
  return value !== null && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined;
}

function readOneOf<T>(allowed: readonly T[], value: unknown, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** A cursor is the server's base64url text; anything else is not one. */
function readCursor(value: string | null): string | undefined {
  return value !== null && /^[\w-]{1,2000}$/.test(value) ? value : undefined;
}

export function readCustomerListState(params: URLSearchParams): CustomerListState {
  const page = readPositiveInteger(params.get("page")) ?? defaults.page;
  return {
    // the procedure takes at most 255 characters
    search: (params.get("q") ?? defaults.search).trim().slice(0, 255),
    isActive: readFlag(params.get("active")),
    onHold: readFlag(params.get("hold")),
    categoryId: readPositiveInteger(params.get("category")),
    sort: readOneOf(customerSortKeys, params.get("sort"), defaults.sort),
    order: readOneOf<SortOrder>(["asc", "desc"], params.get("order"), defaults.order),
    page,
    pageSize: readOneOf<number>(pageSizes, readPositiveInteger(params.get("size")), defaults.pageSize),
    // the first page starts at the start
    cursor: page > 1 ? readCursor(params.get("cursor")) : undefined,
  };
}

/** The query string of a state (with its `?`), leaving out every default so that URLs stay short. */
export function customerListQueryString(state: CustomerListState): string {
  const params = new URLSearchParams();
  if (state.search) params.set("q", state.search);
  if (state.isActive !== undefined) params.set("active", String(state.isActive));
  if (state.onHold !== undefined) params.set("hold", String(state.onHold));
  if (state.categoryId !== undefined) params.set("category", String(state.categoryId));
  if (state.sort !== defaults.sort) params.set("sort", state.sort);
  if (state.order !== defaults.order) params.set("order", state.order);
  if (state.page !== defaults.page) params.set("page", String(state.page));
  if (state.pageSize !== defaults.pageSize) params.set("size", String(state.pageSize));
  if (state.cursor !== undefined && state.page > 1) params.set("cursor", state.cursor);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The input of `customer.list` for a state. */
export function customerListInput(state: CustomerListState) {
  return {
    search: state.search || undefined,
    isActive: state.isActive,
    onHold: state.onHold,
    categoryId: state.categoryId,
    sort: state.sort,
    order: state.order,
    limit: state.pageSize,
    ...(state.cursor !== undefined ? { cursor: state.cursor } : { offset: (state.page - 1) * state.pageSize }),
  };
}

/**
 * The CSV export of the list as it is filtered and sorted (every matching
 * customer, not the page), through the legacy API's export, which the UI's
 * session cookie opens. With a byte order mark: the file is for spreadsheet programs.
 */
export function customerExportHref(state: CustomerListState): string {
  const params = new URLSearchParams();
  if (state.search) params.set("search", state.search);
  if (state.isActive !== undefined) params.set("isActive", String(state.isActive));
  if (state.onHold !== undefined) params.set("onHold", String(state.onHold));
  if (state.categoryId !== undefined) params.set("categoryId", String(state.categoryId));
  params.set("sort", state.sort);
  params.set("order", state.order);
  params.set("bom", "true");
  return `/api/v2.1/customers.csv?${params.toString()}`;
}

/** Every category fits in the filter's select; an organization with more can still search. */
export const categoryFilterInput = { kind: "category", limit: 100 } as const;
