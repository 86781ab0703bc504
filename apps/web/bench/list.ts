/**
 * `pnpm bench:list`: the customer list benchmark alone (part of `pnpm bench`
 * with its defaults), printed as Markdown for BENCHMARKS.md. The size:
 *
 *   DATABASE_URL=postgres://... pnpm bench:list --customers 1000000 --rounds 100
 */
import os from "node:os";
import { parseArgs } from "node:util";

import { benchCustomerList, customerListBenchDefaults } from "./customer-list";
import { wholeNumberOption } from "./support/command-line";

const usage = `pnpm bench:list [options]
  --customers N   customers of the organization (${customerListBenchDefaults.customers})
  --rounds N      measured rounds of each case (${customerListBenchDefaults.rounds})`;

const { values } = parseArgs({
  options: { customers: { type: "string" }, rounds: { type: "string" }, help: { type: "boolean" } },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const options = {
  customers: wholeNumberOption(usage, "customers", values.customers, customerListBenchDefaults.customers),
  rounds: wholeNumberOption(usage, "rounds", values.rounds, customerListBenchDefaults.rounds),
};
const section = await benchCustomerList(options);
console.log(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    "",
    `\`pnpm bench:list --customers ${options.customers} --rounds ${options.rounds}\``,
    "",
    section,
  ].join("\n"),
);
