/**
 * `GET /api/{version}/customers.csv`: every customer the list's filters
 * match, as CSV (customer-csv.ts in the domain), streamed: rows are written
 * as pages are read, so neither side holds the whole file. The first page is
 * read before the answer starts, so that a refused query or a database fault
 * is still the contract's JSON error; a fault after that cuts the answer.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { customerCsvColumns, decodeCustomerExportQuery } from "@cr/domain";
import { stringify } from "csv-stringify";

import type { ServerDeps } from "../deps";
import { logError } from "../log";
import { exportCustomers } from "../services/export-customers";
import { legacyApiRoute, methodNotAllowed } from "./legacy-route";

const CUSTOMER_EXPORT_ROUTE = "/api/{version}/customers.csv";

export function createLegacyCustomerExportHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    GET: legacyApiRoute<{ version: string }>(getDeps, CUSTOMER_EXPORT_ROUTE, async ({ deps, user, query: searchParams }) => {
      const { bom, ...query } = decodeCustomerExportQuery(searchParams);
      const rows = exportCustomers({ deps, actor: user, query });
      const first = await rows.next();

      async function* allRows() {
        if (!first.done) yield first.value;
        yield* rows;
      }
      const csv = stringify({ header: true, columns: [...customerCsvColumns], bom });
      pipeline(Readable.from(allRows()), csv).catch((error: unknown) => {
        // the client went away, or the database did mid-file: the answer is cut, never taken for whole
        if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") logError("customer export failed", error);
      });
      return new Response(Readable.toWeb(csv) as ReadableStream<Uint8Array>, {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": 'attachment; filename="customers.csv"',
          "cache-control": "no-store",
        },
      });
    }),
    POST: methodNotAllowed("GET", CUSTOMER_EXPORT_ROUTE),
    PUT: methodNotAllowed("GET", CUSTOMER_EXPORT_ROUTE),
    PATCH: methodNotAllowed("GET", CUSTOMER_EXPORT_ROUTE),
    DELETE: methodNotAllowed("GET", CUSTOMER_EXPORT_ROUTE),
  };
}
