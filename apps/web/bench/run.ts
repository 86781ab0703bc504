/**
 * `pnpm bench`: runs every benchmark and prints Markdown for BENCHMARKS.md.
 * Run `pnpm build` first (the picture and page benchmarks use `next start`).
 * The customer list runs on the embedded database, or on the PostgreSQL
 * server of DATABASE_URL when it is set.
 */
import os from "node:os";

import { benchCustomerList } from "./customer-list";
import { benchCustomerPage } from "./customer-page";
import { benchPictureUpload } from "./picture-upload";

const sections = [await benchPictureUpload(), await benchCustomerPage(), await benchCustomerList()];

console.log(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    ...sections,
  ].join("\n\n"),
);
