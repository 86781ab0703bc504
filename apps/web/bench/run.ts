/**
 * `pnpm bench`: runs every benchmark against the built app and prints
 * Markdown for BENCHMARKS.md. Run `pnpm build` first.
 */
import os from "node:os";

import { benchCustomerPage } from "./customer-page";
import { benchPictureUpload } from "./picture-upload";

const sections = [await benchPictureUpload(), await benchCustomerPage()];

console.log(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    ...sections,
  ].join("\n\n"),
);
