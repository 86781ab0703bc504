/**
 * `pnpm bench`: runs every benchmark and prints Markdown for BENCHMARKS.md.
 * Run `pnpm build` first (the picture and page benchmarks start the production server).
 * The customer list runs on the embedded database, or on the PostgreSQL
 * server of DATABASE_URL when it is set. The API throughput benchmark starts
 * a PostgreSQL cluster of its own, with its quick defaults (`pnpm bench:api`
 * runs it alone, with options). The CSV import runs 2,000 rows unless
 * `--rows N` says otherwise (`pnpm bench:csv --rows 50000` runs it alone).
 */
import os from "node:os";
import { parseArgs } from "node:util";

import { benchCustomerList } from "./customer-list";
import { benchCustomerPage } from "./customer-page";
import { benchCsvImport, csvImportBenchDefaults } from "./csv-import";
import { benchLegacyApi } from "./legacy-api";
import { benchPictureUpload } from "./picture-upload";

const { values } = parseArgs({ options: { rows: { type: "string" } } });
const csvRows = values.rows === undefined ? csvImportBenchDefaults.rows : Number(values.rows.replace(/_/g, ""));
if (!Number.isInteger(csvRows) || csvRows < 1) throw new Error(`--rows takes a whole number of at least 1, not ${values.rows}`);

const sections = [
  await benchPictureUpload(),
  await benchCustomerPage(),
  await benchCustomerList(),
  await benchLegacyApi(),
  await benchCsvImport({ rows: csvRows }),
];

console.log(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    ...sections,
  ].join("\n\n"),
);
