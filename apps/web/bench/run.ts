/**
 * `pnpm bench`: runs every benchmark and prints Markdown for BENCHMARKS.md.
 * Run `pnpm build` first (the picture and page benchmarks start the production server).
 * The customer list runs on the embedded database, or on the PostgreSQL
 * server of DATABASE_URL when it is set. The API throughput benchmark starts
 * a PostgreSQL cluster of its own, with its quick defaults (`pnpm bench:api`
 * runs it alone, with options).
 */
import os from "node:os";

import { benchCustomerList } from "./customer-list";
import { benchCustomerPage } from "./customer-page";
import { benchLegacyApi } from "./legacy-api";
import { benchPictureUpload } from "./picture-upload";

const sections = [
  await benchPictureUpload(),
  await benchCustomerPage(),
  await benchCustomerList(),
  await benchLegacyApi(),
];

console.log(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    ...sections,
  ].join("\n\n"),
);
