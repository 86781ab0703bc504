/**
 * CSV export and import of many customers: the export of one organization
 * (`exportCustomers` + csv-stringify, as `GET /api/{v}/customers.csv`
 * streams it), then an import of that file with one change per row (credit
 * limit and comment): its preview, its apply row by row, and another such
 * file applied all or nothing, each read from disk as a stream, as the
 * import's route reads its upload. On the embedded database, or on the
 * PostgreSQL server of DATABASE_URL when it is set. Memory is this process's
 * resident set, sampled (with PGlite, the database is inside it too).
 *
 *   pnpm bench:csv --rows 50000      (pnpm bench runs it with 2,000)
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";

import { findUserForLogin } from "@cr/db/repositories";
import { seedBulkCustomers, seedDemoData } from "@cr/db/seed";
import { createTestDatabase, testDatabaseKind } from "@cr/db/testing";
import { customerCsvColumns } from "@cr/domain";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify";

import { createServerDeps } from "~/server/deps";
import { createLocalPictureStorage } from "~/server/pictures/picture-storage";
import { applyCustomerImport } from "~/server/services/apply-customer-import";
import type { CustomerImportOutcome } from "~/server/services/customer-import-outcome";
import { exportCustomers } from "~/server/services/export-customers";
import { previewCustomerImport } from "~/server/services/preview-customer-import";
import { readCustomerImport } from "~/server/services/read-customer-import";

export const csvImportBenchDefaults = { rows: 2000 };

const whole = (value: number) => value.toLocaleString("en");

/** Samples this process's resident set until `stop()`, which answers the highest sample in MiB. */
function sampleOwnRss() {
  let highest = process.memoryUsage().rss;
  const timer = setInterval(() => (highest = Math.max(highest, process.memoryUsage().rss)), 100);
  return { stop: () => (clearInterval(timer), Math.round(highest / 1024 / 1024)) };
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; peakMiB: number; result: T }> {
  const rss = sampleOwnRss();
  const started = performance.now();
  const result = await work();
  const run = { seconds: (performance.now() - started) / 1000, peakMiB: rss.stop(), result };
  process.stderr.write(`csv import:   ${run.seconds.toFixed(1)} s, peak ${run.peakMiB} MiB\n`);
  return run;
}

/** A copy of an exported file with each row's credit limit raised by `raise` and its comment set. */
async function changedCopy(from: string, to: string, raise: number, comment: string) {
  const creditAt = customerCsvColumns.indexOf("creditLimit");
  const commentAt = customerCsvColumns.indexOf("comment");
  let header = true;
  await pipeline(
    createReadStream(from),
    parse(),
    new Transform({
      objectMode: true,
      transform(record: string[], _encoding, done) {
        if (header) header = false;
        else {
          record[creditAt] = String(Number(record[creditAt] || 0) + raise);
          record[commentAt] = `${comment} ${record[0]}`;
        }
        done(null, record);
      },
    }),
    stringify(),
    createWriteStream(to),
  );
}

function tally(outcomes: CustomerImportOutcome[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${whole(count)} ${status}`).join(", ");
}

export async function benchCsvImport(options: Partial<typeof csvImportBenchDefaults> = {}): Promise<string> {
  const { rows } = { ...csvImportBenchDefaults, ...options };
  const progress = (text: string) => process.stderr.write(`csv import: ${text}\n`);
  const database = await createTestDatabase();
  const folder = await mkdtemp(path.join(tmpdir(), "cr-csv-bench-"));
  try {
    progress(`seeding ${whole(rows)} customers on ${testDatabaseKind}`);
    await seedDemoData(database.db, { adminPassword: "bench-password", customersPerOrganization: 10 });
    await seedBulkCustomers(database.db, { organizationId: 1, count: rows, prefix: "IMP", categoryIds: [2, 3, 4], currency: "USD" });
    const deps = createServerDeps({
      db: database.db,
      pictureStorage: createLocalPictureStorage({ rootDir: folder }),
      config: { publicBaseUrl: "http://bench.test", sessionTtlHours: 1, maxRequestBytes: 3 * 1024 * 1024 },
      rateLimitPerMinute: 1_000_000,
    });
    const actor = (await findUserForLogin(deps.db, "admin@entity1.test"))!;
    const exported = path.join(folder, "exported.csv");
    const query = { sort: "id", order: "asc", filters: { reference: "IMP-*", dateCreated: {}, lastUpdated: {} } } as const;

    progress("export");
    const exportRun = await timed(() =>
      pipeline(Readable.from(exportCustomers({ deps, actor, query })), stringify({ header: true, columns: [...customerCsvColumns] }), createWriteStream(exported)),
    );
    const bytes = (await stat(exported)).size;

    const rowByRowFile = path.join(folder, "row-by-row.csv");
    const atomicFile = path.join(folder, "atomic.csv");
    await changedCopy(exported, rowByRowFile, 1, "imported");
    await changedCopy(exported, atomicFile, 2, "imported again");
    const readFile = (file: string) => readCustomerImport(createReadStream(file));

    progress("preview");
    const previewRun = await timed(async () => {
      const outcomes: CustomerImportOutcome[] = [];
      await previewCustomerImport({ deps, actor, rows: readFile(rowByRowFile), onOutcomes: (chunk) => outcomes.push(...chunk) });
      return outcomes;
    });
    progress("apply, row by row");
    const rowByRowRun = await timed(async () => {
      const outcomes: CustomerImportOutcome[] = [];
      await applyCustomerImport({ deps, actor, rows: () => readFile(rowByRowFile), atomic: false, onOutcomes: (chunk) => outcomes.push(...chunk) });
      return outcomes;
    });
    progress("apply, all or nothing");
    const atomicRun = await timed(async () => {
      const outcomes: CustomerImportOutcome[] = [];
      await applyCustomerImport({ deps, actor, rows: () => readFile(atomicFile), atomic: true, onOutcomes: (chunk) => outcomes.push(...chunk) });
      return outcomes;
    });

    const line = (name: string, run: { seconds: number; peakMiB: number }, outcome: string) =>
      `| ${name} | ${run.seconds.toFixed(1)} s | ${whole(Math.round(rows / run.seconds))} | ${run.peakMiB} MiB | ${outcome} |`;
    return [
      `### CSV export and import (${testDatabaseKind === "postgres" ? "PostgreSQL server" : "embedded PGlite"}, ${whole(rows)} rows)`,
      "",
      `One organization's ${whole(rows)} customers exported (${(bytes / 1024 / 1024).toFixed(1)} MiB of CSV), then imported back with every row changed (credit limit and comment), the file read from disk as a stream. The preview reads each chunk of 500 rows' customers and references in bulk and runs the update's domain functions (no sub-customers here, so no chunk falls back to the per-row way); row by row runs chunks of 500 rows through \`updateCustomers\`; all or nothing runs the same chunks through \`writeCustomerUpdates\` in one transaction, a savepoint per chunk. Peak memory is the bench process's resident set${testDatabaseKind === "postgres" ? "" : ", PGlite included"}.`,
      "",
      "| step | time | rows/s | peak RSS | rows |",
      "|---|---|---|---|---|",
      line("export (`customers.csv`)", exportRun, `${whole(rows)} written`),
      line("import preview", previewRun, tally(previewRun.result)),
      line("import apply, row by row", rowByRowRun, tally(rowByRowRun.result)),
      line("import apply, all or nothing", atomicRun, tally(atomicRun.result)),
    ].join("\n");
  } finally {
    await database.close();
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: "string" } } });
  const rows = values.rows === undefined ? csvImportBenchDefaults.rows : Number(values.rows.replace(/_/g, ""));
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`--rows takes a whole number of at least 1, not ${values.rows}`);
    process.exit(2);
  }
  const section = await benchCsvImport({ rows });
  console.log(
    [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
      "",
      `\`pnpm bench:csv --rows ${rows}\``,
      "",
      section,
    ].join("\n"),
  );
}
