/**
 * `pnpm bench:api`: the legacy API under load against its ceiling, printed as
 * Markdown for BENCHMARKS.md. Run `pnpm build` first. The defaults make a
 * quick run (about ten minutes); the full measure is
 *
 *   pnpm bench:api --soak-minutes 10 --customers 1000000
 */
import os from "node:os";
import { parseArgs } from "node:util";

import { benchLegacyApi, legacyApiBenchDefaults } from "./legacy-api";
import { wholeNumberOption } from "./support/command-line";

const usage = `pnpm bench:api [options]
  --seconds N          measured seconds of each load run (${legacyApiBenchDefaults.seconds})
  --warmup-seconds N   warm-up before each run (${legacyApiBenchDefaults.warmupSeconds})
  --connections A,B    connection counts (${legacyApiBenchDefaults.connections.join(",")})
  --soak-minutes N     minutes of the legacy update soak, 0 skips it (${legacyApiBenchDefaults.soakMinutes})
  --customers N        customers of the large-organization run, 1000 or fewer skips it (${legacyApiBenchDefaults.customers})
  --versus-next-start  also measure each legacy line through \`next start\` on the same build: what the door gains`;

const { values } = parseArgs({
  options: {
    seconds: { type: "string" },
    "warmup-seconds": { type: "string" },
    connections: { type: "string" },
    "soak-minutes": { type: "string" },
    customers: { type: "string" },
    "versus-next-start": { type: "boolean" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const options = {
  seconds: wholeNumberOption(usage, "seconds", values.seconds, legacyApiBenchDefaults.seconds, 1),
  warmupSeconds: wholeNumberOption(usage, "warmup-seconds", values["warmup-seconds"], legacyApiBenchDefaults.warmupSeconds, 0),
  connections: values.connections
    ? values.connections.split(",").map((part) => wholeNumberOption(usage, "connections", part.trim(), 0, 1))
    : legacyApiBenchDefaults.connections,
  soakMinutes: wholeNumberOption(usage, "soak-minutes", values["soak-minutes"], legacyApiBenchDefaults.soakMinutes, 0),
  customers: wholeNumberOption(usage, "customers", values.customers, legacyApiBenchDefaults.customers, 0),
  versusNextStart: values["versus-next-start"] ?? legacyApiBenchDefaults.versusNextStart,
};

const section = await benchLegacyApi(options);
console.log(
  [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    "",
    `\`pnpm bench:api --seconds ${options.seconds} --warmup-seconds ${options.warmupSeconds} --connections ${options.connections.join(",")} --soak-minutes ${options.soakMinutes} --customers ${options.customers}${options.versusNextStart ? " --versus-next-start" : ""}\``,
    "",
    section,
  ].join("\n"),
);
