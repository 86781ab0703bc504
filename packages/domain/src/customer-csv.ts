/**
 * Customers as CSV, for the export (`GET /api/{v}/customers.csv`) and the
 * import of the UI: one column per parameter of the update contract, named as
 * the contract names it, each value written as the form contract takes it,
 * so that an exported file imports back unchanged.
 *
 * - `id` first: the customer (digits are an id, anything else a reference, as
 *   on the legacy path); then every legacy parameter of the field table but
 *   the picture (`imageFile` is a file part, never text). A file made
 *   elsewhere may name its customers in a `customerReference` column instead
 *   (customer-naming.ts: a reference, digits too); the export keeps `id`.
 * - Booleans `true`/`false`; numbers as dot decimals, never with an exponent
 *   (the form refuses `1e-7`); references and the region as ids;
 *   `dueDateConfigType` 1 or 2; `paymentTypes` as `[{"id":7},{"id":8}]`, `[]`
 *   for none; null as an empty cell.
 * - A text a spreadsheet would run as a formula is written with a leading `'`
 *   (`escapeFormulaCell`), which the import takes off (`unescapeFormulaCell`).
 * - On import an empty cell is an empty form value: it clears the field, as
 *   an empty form value does (an empty `paymentTypes` clears the set; an empty
 *   boolean, `name` or `reference` is refused as the form refuses it). A
 *   column the file does not have leaves the field unchanged.
 */
import { type CustomerFieldDefinition, type CustomerFieldName, customerFieldNames, customerFields, recordKeyOf } from "./customer-fields";
import type { CustomerRecord } from "./customer";
import { customerReferenceParameter } from "./customer-naming";
import { errors } from "./errors";

/** The contract parameters a CSV row carries, in the order of the page's parameter table. */
export const customerCsvFields: readonly CustomerFieldName[] = customerFieldNames.filter((param) => {
  const field: CustomerFieldDefinition = customerFields[param];
  // Stryker disable next-line ConditionalExpression: every field of the table has a `legacy` entry, so `field.legacy !== undefined` is always true
  return field.legacy !== undefined && field.wire !== "Multipart";
});

/** The header row: `id`, then each parameter's name. */
export const customerCsvColumns: readonly string[] = ["id", ...customerCsvFields];

/**
 * A double as a plain dot decimal: JS prints the fewest digits that read back
 * the same, but with an exponent below 1e-6 and from 1e21; the digits are
 * moved around the point instead.
 */
export function toPlainDecimal(value: number): string {
  const printed = String(value);
  const exponentAt = printed.indexOf("e");
  if (exponentAt === -1) return printed;
  const sign = printed.startsWith("-") ? "-" : "";
  const mantissa = printed.slice(sign.length, exponentAt);
  const exponent = Number(printed.slice(exponentAt + 1));
  // Stryker disable next-line StringLiteral: split always gives a first element, so `whole`'s default is never used
  const [whole = "", fraction = ""] = mantissa.split(".");
  const digits = whole + fraction;
  const pointAt = whole.length + exponent;
  // Stryker disable next-line EqualityOperator: JS prints an exponent only below 1e-6, so the point is never at 0 (pointAt <= -6)
  if (pointAt <= 0) return `${sign}0.${"0".repeat(-pointAt)}${digits}`;
  // Stryker disable next-line ConditionalExpression, EqualityOperator: JS prints an exponent only from 1e21 on the large side: the point (22 or more) is always past the 17 digits at most
  if (pointAt >= digits.length) return `${sign}${digits}${"0".repeat(pointAt - digits.length)}`;
  // Stryker disable next-line all: unreachable: a printed exponent puts the point outside the digits (see the two lines above)
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  // Stryker disable next-line ConditionalExpression, StringLiteral: a boolean passed on to String() is "true" or "false" too
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return toPlainDecimal(value);
  if (Array.isArray(value)) return JSON.stringify(value.map((id: unknown) => ({ id })));
  return String(value);
}

/**
 * Quotes, then `= + - @`, a tab or a carriage return, or the full-width
 * `＝ ＋ － ＠` that Apple Numbers reads as `= + - @`.
 */
const formulaStart = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A negative number as `toPlainDecimal` writes it, the only number that starts with a formula character. */
const negativeNumber = /^-\d+(?:\.\d+)?$/;

/**
 * A cell as written to the file. A spreadsheet program runs a cell that
 * starts with a formula character (`=HYPERLINK(...)`, `@SUM(1)`, `-2+3`) as a
 * formula when a back-office user opens the export, and anyone who can write
 * a customer can plant one (CSV injection, OWASP): such a text gets a leading
 * `'`, which makes it text. A negative number (`-33.5`) is left alone, so
 * that it stays a number. A text that already starts with quotes before a
 * formula character gets one more, so that `unescapeFormulaCell` gives every
 * value back.
 */
export function escapeFormulaCell(cell: string): string {
  return formulaStart.test(cell) && !negativeNumber.test(cell) ? `'${cell}` : cell;
}

/** A cell of an import file as the export's value: the one quote `escapeFormulaCell` added is taken off. */
export function unescapeFormulaCell(cell: string): string {
  return cell.startsWith("'") && formulaStart.test(cell) ? cell.slice(1) : cell;
}

/** A customer's row, in the order of `customerCsvColumns`, each cell as `escapeFormulaCell` writes it. */
export function toCustomerCsvRow(customer: CustomerRecord): string[] {
  return [
    String(customer.id),
    ...customerCsvFields.map((param) => csvValue(customer[recordKeyOf(param) as keyof CustomerRecord])),
  ].map(escapeFormulaCell);
}

/** Rows an import may hold; a larger file is refused whole, before anything is checked. */
export const maxCustomerImportRows = 50_000;

/** The columns an import file may name its customers in: `id`, as the export writes, or `customerReference`. */
export const customerCsvCustomerColumns = ["id", customerReferenceParameter] as const;
export type CustomerCsvCustomerColumn = (typeof customerCsvCustomerColumns)[number];

/** The texts of an import file that cannot be read as customer rows. */
export const customerCsvTexts = {
  missingCustomerColumn:
    "The file's first row must name its columns, one of them id (the customer's id or reference) or customerReference (its reference, even all digits).",
  bothCustomerColumns: "The file's first row has both id and customerReference: name each row's customer by one of them only.",
  duplicateColumn: (name: string) => `The column ${name} appears twice in the file's first row.`,
  unknownColumn: (name: string) =>
    `The column ${name} is not a parameter of the customer update (the export's first row lists them).`,
  tooManyRows: (max: number) =>
    `The file has more than ${max.toLocaleString("en")} customer rows: split it into files of at most ${max.toLocaleString("en")} rows.`,
  unreadable: (detail: string) => `The file cannot be read as CSV: ${detail}`,
} as const;

/**
 * Checks a file's header row and says which column names each row's customer:
 * `id` or `customerReference`, exactly one of them (both would name two
 * customers a row), every other column a parameter of `customerCsvColumns`,
 * none twice. An unknown column is refused rather than ignored: in a file
 * made by hand it is a typo, and its values would be lost.
 */
export function assertCustomerCsvHeader(header: readonly string[]): CustomerCsvCustomerColumn {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw errors.invalidParam("file", customerCsvTexts.duplicateColumn(name));
    seen.add(name);
  }
  const customerColumns = customerCsvCustomerColumns.filter((name) => seen.has(name));
  if (customerColumns.length === 0) throw errors.invalidParam("file", customerCsvTexts.missingCustomerColumn);
  if (customerColumns.length > 1) throw errors.invalidParam("file", customerCsvTexts.bothCustomerColumns);
  for (const name of header) {
    if (name !== customerReferenceParameter && !customerCsvColumns.includes(name)) {
      throw errors.invalidParam("file", customerCsvTexts.unknownColumn(name));
    }
  }
  return customerColumns[0]!;
}
