/**
 * `POST /api/customer-import?mode=preview|rows|atomic`: the UI's CSV import.
 * The body is the file itself (`Content-Type: text/csv`, which a form of
 * another site cannot send without the browser asking first, so a signed-in
 * user's cookie cannot be used from elsewhere). The user must be signed in
 * (the session cookie, or a bearer token as on the legacy API).
 *
 * The upload is written to a temporary file as it arrives (at most
 * `maxCustomerImportBytes`), its rows counted, and then read again as a
 * stream, once or more: the memory held is a chunk of rows, never the file.
 * A file that cannot be read, has a wrong header or more than 50,000 rows is
 * refused before anything is checked, with the legacy API's JSON error.
 *
 * The answer streams one JSON object per line, so that the page can show
 * progress: `{"type":"start","rows":N}`, then `{"type":"outcomes","outcomes":[...]}`
 * (each row's changes or refusal, in row order) and `{"type":"progress","done":n}`
 * as chunks are checked, and last `{"type":"done"}`, or `{"type":"failed","error":{...}}`
 * when the import stopped on a fault (then a row-by-row import kept the chunks
 * already written, which the outcomes before it say).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

import { assertCan, errors, isAppError } from "@cr/domain";

import { requireRequestUser } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { legacyErrorResponse } from "../legacy/legacy-response";
import { logError } from "../log";
import { payloadTooLarge } from "../read-request-body";
import { serveRequest } from "../serve-request";
import { applyCustomerImport } from "../services/apply-customer-import";
import type { CustomerImportOutcome } from "../services/customer-import-outcome";
import { previewCustomerImport } from "../services/preview-customer-import";
import { countCustomerImportRows, readCustomerImport } from "../services/read-customer-import";

/** The largest file an import takes: 50,000 rows of every column, with room to spare. */
export const maxCustomerImportBytes = 64 * 1024 * 1024;

const CUSTOMER_IMPORT_ROUTE = "/api/customer-import";
const modes = ["preview", "rows", "atomic"] as const;
type ImportMode = (typeof modes)[number];

/** Writes the request body to `file`, refusing it past `maxBytes` (declared or counted). */
async function spoolBody(request: Request, file: string, maxBytes: number): Promise<void> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw payloadTooLarge(maxBytes);
  if (!request.body) throw errors.missingParam("file");
  let total = 0;
  const counted = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>).map((chunk: Buffer) => {
    total += chunk.byteLength;
    if (total > maxBytes) throw payloadTooLarge(maxBytes);
    return chunk;
  });
  await pipeline(counted, createWriteStream(file));
}

function describeFailure(error: unknown) {
  const known = isAppError(error) && error.code !== "server_error" ? error : errors.serverError();
  if (known !== error) logError("customer import failed", error);
  return { code: known.code, message: known.message };
}

export function createCustomerImportHandlers(
  getDeps: () => Promise<ServerDeps>,
  options: { maxBytes?: number } = {},
) {
  const maxBytes = options.maxBytes ?? maxCustomerImportBytes;
  return {
    POST: (request: Request): Promise<Response> =>
      serveRequest(request, { door: "import", route: CUSTOMER_IMPORT_ROUTE }, async () => {
        let folder: string | undefined;
        const cleanUp = () => (folder ? rm(folder, { recursive: true, force: true }).catch(() => undefined) : Promise.resolve());
        try {
          const deps = await getDeps();
          const actor = await requireRequestUser(deps, request.headers);
          // the services refuse it too; asked here as well, so that a 403 comes before the upload is read
          assertCan(actor, "customers.write");
          const mode = new URL(request.url).searchParams.get("mode") as ImportMode;
          if (!modes.includes(mode)) throw errors.invalidParam("mode", `mode must be one of ${modes.join(", ")}.`);
          if (!/^text\/csv\b/i.test(request.headers.get("content-type") ?? "")) throw errors.invalidParamType("file");

          folder = await mkdtemp(path.join(tmpdir(), "cr-import-"));
          const file = path.join(folder, "upload.csv");
          await spoolBody(request, file, maxBytes);
          const rows = await countCustomerImportRows(createReadStream(file));
          const readRows = () => readCustomerImport(createReadStream(file));

          const encoder = new TextEncoder();
          const body = new ReadableStream<Uint8Array>({
            async start(controller) {
              // A page closed mid-import does not stop it: it runs to its end, as the user asked.
              let listening = true;
              const send = (line: object) => {
                if (!listening) return;
                try {
                  controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
                } catch {
                  listening = false;
                }
              };
              const onOutcomes = (outcomes: CustomerImportOutcome[]) => send({ type: "outcomes", outcomes });
              const onProgress = (done: number) => send({ type: "progress", done });
              send({ type: "start", rows });
              try {
                if (mode === "preview") {
                  let done = 0;
                  await previewCustomerImport({
                    deps,
                    actor,
                    rows: readRows(),
                    onOutcomes: (outcomes) => {
                      onOutcomes(outcomes);
                      onProgress((done += outcomes.length));
                    },
                  });
                } else {
                  await applyCustomerImport({ deps, actor, rows: readRows, atomic: mode === "atomic", onOutcomes, onProgress });
                }
                send({ type: "done" });
              } catch (error) {
                send({ type: "failed", error: describeFailure(error) });
              } finally {
                await cleanUp();
                if (listening) controller.close();
              }
            },
          });
          return new Response(body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
        } catch (error) {
          await cleanUp();
          return legacyErrorResponse(error, { method: request.method, path: CUSTOMER_IMPORT_ROUTE });
        }
      }),
  };
}
