/**
 * The rows of a customer CSV import (customer-csv.ts in the domain), read as
 * the file streams in: csv-parse yields one record at a time, and each is
 * decoded at once into what the legacy form would make of the same fields,
 * so that a row and a form POST are refused alike, with the same words.
 *
 * - The first row names the columns: `id` or `customerReference` (one of
 *   them, never both) and contract parameters (`assertCustomerCsvHeader`); a
 *   file that breaks that is refused whole.
 * - `id`: digits name a customer by id, anything else by reference, as on the
 *   legacy path (`customerLookupFromPath`, with its refusals);
 *   `customerReference`: always a reference, digits too (an ERP's customer
 *   number), as the batch item's (`customerLookupFromNaming`).
 * - Every cell, the customer's too, loses the `'` the export puts before a
 *   formula character (`unescapeFormulaCell`), so that an exported file reads
 *   back to the values it was written from; any other cell is read as written.
 * - Every other cell goes to `decodeLegacyCustomerForm` as a form field of
 *   that name: an empty cell is an empty form value, which clears the field;
 *   a column the file does not have leaves the field as it is.
 * - More than `maxCustomerImportRows` rows: the file is refused whole, once
 *   the row past the limit is read.
 */
import { Readable } from "node:stream";

import {
  type AppError,
  assertCustomerCsvHeader,
  type CustomerCsvCustomerColumn,
  type CustomerPatch,
  customerCsvTexts,
  decodeLegacyCustomerForm,
  errors,
  isAppError,
  maxCustomerImportRows,
  unescapeFormulaCell,
} from "@cr/domain";
import type { CustomerLookup } from "@cr/db/repositories";
import { CsvError, parse } from "csv-parse";

import { customerLookupFromNaming } from "./customer-lookup";

/** One row of the file: its customer and patch, or why it cannot be either. */
export interface CustomerImportRow {
  /** 1 for the first row under the header. */
  row: number;
  /** The row's customer cell (its `id`, or its `customerReference`), as written. */
  id: string;
  item?: { lookup: CustomerLookup; patch: CustomerPatch };
  refusal?: AppError;
}

/** The file itself cannot be read as customer rows: nothing of it is checked nor written. */
export function importFileRefusal(message: string): AppError {
  return errors.invalidParam("file", message);
}

/** The header and the column that names each row's customer, once the header is checked. */
interface ImportHeader {
  names: string[];
  customerColumn: CustomerCsvCustomerColumn;
}

/**
 * csv-parse reads the file as Latin-1, a character per byte, so that each
 * cell keeps the bytes the file holds; `utf8Cell` then reads them as UTF-8,
 * strictly: a cell that is not UTF-8 is its column's wrong type, as bytes
 * that are not UTF-8 are in a form, never a U+FFFD stored in their place.
 * (A BOM is taken off the first cell by hand: csv-parse's `bom` would switch
 * it to UTF-8 decoding with replacement.)
 */
const csvOptions = { encoding: "latin1", skip_empty_lines: true, max_record_size: 1024 * 1024 } as const;
const UTF8_BOM_AS_LATIN1 = "\u00ef\u00bb\u00bf";
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const NOT_ASCII = /[\u0080-\u00ff]/;

function utf8Cell(cell: string, column: string): string {
  // ASCII reads the same in both: most cells need no second decoding
  if (!NOT_ASCII.test(cell)) return cell;
  try {
    return strictUtf8.decode(Buffer.from(cell, "latin1"));
  } catch {
    throw errors.invalidParamType(column);
  }
}

/** The file's chunks as bytes: a chunk given as text (tests, a string body) is its UTF-8. */
async function* fileBytes(file: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of file) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

/** The header row's column names, decoded and trimmed; a name that is not UTF-8 refuses the file. */
function headerNames(record: readonly string[]): string[] {
  return record.map((name, index) => {
    try {
      return utf8Cell(index === 0 && name.startsWith(UTF8_BOM_AS_LATIN1) ? name.slice(UTF8_BOM_AS_LATIN1.length) : name, "file").trim();
    } catch {
      throw importFileRefusal(customerCsvTexts.unreadable("its first row is not UTF-8 text"));
    }
  });
}

function decodeRow(row: number, header: ImportHeader, record: readonly string[]): CustomerImportRow {
  const { names, customerColumn } = header;
  const idAt = names.indexOf(customerColumn);
  // shown in the row's outcome only: a cell that is not UTF-8 shows as best it can
  const id = new TextDecoder().decode(Buffer.from(record[idAt] ?? "", "latin1"));
  try {
    const written = record.map((cell, index) => utf8Cell(cell, names[index] ?? "file"));
    const cells = written.map(unescapeFormulaCell);
    const text = (cells[idAt] ?? "").trim();
    if (text === "") throw errors.missingParam(customerColumn);
    const lookup = customerLookupFromNaming(customerColumn === "id" ? { id: text } : { customerReference: text });
    const fields = names.flatMap((name, index) => (index === idAt ? [] : [[name, cells[index] ?? ""] as const]));
    const { patch } = decodeLegacyCustomerForm(fields);
    return { row, id, item: { lookup, patch } };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { row, id, refusal: error };
  }
}

/**
 * The rows of `file`, one at a time. Throws an AppError (`invalid_param`,
 * field `file`) for a file that is not CSV, has a wrong header, or too many rows.
 */
export async function* readCustomerImport(
  file: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: { maxRows?: number } = {},
): AsyncGenerator<CustomerImportRow> {
  const maxRows = options.maxRows ?? maxCustomerImportRows;
  const parser = Readable.from(fileBytes(file)).pipe(parse({ ...csvOptions, relax_column_count: false }));
  let header: ImportHeader | undefined;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        const names = headerNames(record);
        header = { names, customerColumn: assertCustomerCsvHeader(names) };
        continue;
      }
      row += 1;
      if (row > maxRows) throw importFileRefusal(customerCsvTexts.tooManyRows(maxRows));
      yield decodeRow(row, header, record);
    }
  } catch (error) {
    if (error instanceof CsvError) throw importFileRefusal(customerCsvTexts.unreadable(error.message));
    throw error;
  } finally {
    parser.destroy();
  }
  if (!header) throw importFileRefusal(customerCsvTexts.missingCustomerColumn);
}

/** The number of customer rows of `file`, read through without decoding them; its header and size refused as above. */
export async function countCustomerImportRows(
  file: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: { maxRows?: number } = {},
): Promise<number> {
  const maxRows = options.maxRows ?? maxCustomerImportRows;
  const parser = Readable.from(fileBytes(file)).pipe(parse(csvOptions));
  let records = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (records === 0) assertCustomerCsvHeader(headerNames(record));
      records += 1;
      if (records - 1 > maxRows) throw importFileRefusal(customerCsvTexts.tooManyRows(maxRows));
    }
  } catch (error) {
    if (error instanceof CsvError) throw importFileRefusal(customerCsvTexts.unreadable(error.message));
    throw error;
  } finally {
    parser.destroy();
  }
  if (records === 0) throw importFileRefusal(customerCsvTexts.missingCustomerColumn);
  return records - 1;
}
