/**
 * The rows of a customer CSV import (customer-csv.ts in the domain), read as
 * the file streams in: csv-parse yields one record at a time, and each is
 * decoded at once into what the legacy form would make of the same fields,
 * so that a row and a form POST are refused alike, with the same words.
 *
 * - The first row names the columns: `id` and contract parameters
 *   (`assertCustomerCsvHeader`); a file that breaks that is refused whole.
 * - `id`: digits name a customer by id, anything else by reference, as on the
 *   legacy path (`customerLookupFromPath`, with its refusals).
 * - Every cell, `id` too, loses the `'` the export puts before a formula
 *   character (`unescapeFormulaCell`), so that an exported file reads back
 *   to the values it was written from; any other cell is read as written.
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

import { customerLookupFromId } from "./customer-lookup";

/** One row of the file: its customer and patch, or why it cannot be either. */
export interface CustomerImportRow {
  /** 1 for the first row under the header. */
  row: number;
  /** The row's `id` cell, as written. */
  id: string;
  item?: { lookup: CustomerLookup; patch: CustomerPatch };
  refusal?: AppError;
}

/** The file itself cannot be read as customer rows: nothing of it is checked nor written. */
export function importFileRefusal(message: string): AppError {
  return errors.invalidParam("file", message);
}

function decodeRow(row: number, header: readonly string[], written: readonly string[]): CustomerImportRow {
  const idAt = header.indexOf("id");
  const id = written[idAt] ?? "";
  try {
    const cells = written.map(unescapeFormulaCell);
    const text = (cells[idAt] ?? "").trim();
    if (text === "") throw errors.missingParam("id");
    const lookup = customerLookupFromId(text);
    const fields = header.flatMap((name, index) => (index === idAt ? [] : [[name, cells[index] ?? ""] as const]));
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
  const parser = Readable.from(file).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 1024 * 1024 }),
  );
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((name) => name.trim());
        assertCustomerCsvHeader(header);
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
  if (!header) throw importFileRefusal(customerCsvTexts.missingIdColumn);
}

/** The number of customer rows of `file`, read through without decoding them; its header and size refused as above. */
export async function countCustomerImportRows(
  file: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: { maxRows?: number } = {},
): Promise<number> {
  const maxRows = options.maxRows ?? maxCustomerImportRows;
  const parser = Readable.from(file).pipe(parse({ bom: true, skip_empty_lines: true, max_record_size: 1024 * 1024 }));
  let records = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (records === 0) assertCustomerCsvHeader(record.map((name) => name.trim()));
      records += 1;
      if (records - 1 > maxRows) throw importFileRefusal(customerCsvTexts.tooManyRows(maxRows));
    }
  } catch (error) {
    if (error instanceof CsvError) throw importFileRefusal(customerCsvTexts.unreadable(error.message));
    throw error;
  } finally {
    parser.destroy();
  }
  if (records === 0) throw importFileRefusal(customerCsvTexts.missingIdColumn);
  return records - 1;
}
