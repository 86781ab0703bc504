/**
 * The same-work ceiling of `pnpm bench:api`: what a server with no framework
 * costs for the work the app's legacy update and show do on the database.
 * `node:http` with the app's own pool (`createDatabase`, postgres.js, 10
 * connections) and the app's own statements, imported from `@cr/db`, not
 * copied, so that it follows every change of them:
 *
 *   POST /customers/{id}  the credential's lookup (the `JSESSIONID` cookie),
 *                         the customer read without a lock, and the write of
 *                         the four fields the load sends (through the
 *                         domain's `applyCustomerPatch`, which may add a
 *                         column it derives) with their history and change
 *                         event, only while the customer is still at the
 *                         version read; when another update came first, the
 *                         locked way in a transaction, as the app takes it
 *   GET  /customers/{id}  the credential's lookup, the customer's view
 *
 * Each answers the customer as JSON. What it leaves out is what the app adds
 * around these statements: routing, the form's decoding against the whole
 * contract, the permission check, the legacy answer's shape, headers, logs.
 * `updateUnlessOvertaken` (src/server/services/update-customer.ts) sends the
 * statements this one sends, in the same order.
 *
 * Run as its own process (`node --import tsx same-work-server.ts <database url>`),
 * like `next start`; prints `listening <port>` once it accepts requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import { createDatabase } from "@cr/db/client";
import {
  type AuthenticatedUser,
  findCustomerForUpdate,
  findCustomerView,
  findUserBySessionToken,
  saveCustomerChanges,
  saveCustomerChangesIfUnchanged,
} from "@cr/db/repositories";
import { withTransactionRetry } from "@cr/db/transactions";
import { applyCustomerPatch, type CustomerPatch, type CustomerRecord, diffCustomerFields } from "@cr/domain";

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error("usage: same-work-server.ts <database url>");
// the app's pool as the app builds it: 10 connections, prepared statements
const { db, close } = await createDatabase({ url: databaseUrl, maxConnections: 10 });

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sessionToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === "JSESSIONID") return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/** The four fields of the load's updates (load.lua), as the legacy form's decoding gives them. */
function patchOf(form: URLSearchParams): Pick<CustomerPatch, "creditLimit" | "phone" | "email" | "comment"> | undefined {
  const creditLimit = Number(form.get("creditLimit"));
  if (!Number.isFinite(creditLimit)) return undefined;
  return { creditLimit, phone: form.get("phone"), email: form.get("email"), comment: form.get("comment") };
}

async function update(user: AuthenticatedUser, id: number, form: URLSearchParams, response: ServerResponse): Promise<void> {
  const patch = patchOf(form);
  if (!patch) return answer(response, 400, { error: "invalid_param_type" });
  const lookup = { id };
  const found = await findCustomerForUpdate(db, { organizationId: user.organizationId, lookup, lockRow: false });
  if (!found) return answer(response, 404, { error: "not_found" });
  const now = new Date();
  const write = (current: CustomerRecord) => {
    // The domain's rules, for the columns they derive from others: a customer whose shipping
    // address is its billing one (the bulk-seeded ones have no shipping city) has it written
    // too, on its first update, as the app writes it. No reference to resolve in these four fields.
    const next = applyCustomerPatch({ current, patch, resolved: {}, organization: found.organization });
    const history = { userId: user.id, channel: "api" as const, changes: diffCustomerFields(current, next) };
    return { current, next, now, history };
  };
  const changes = write(found.record);
  if (changes.history.changes.length === 0) return answer(response, 200, found.view);
  let saved = await saveCustomerChangesIfUnchanged(db, { ...changes, expectedVersion: found.view.version });
  // overtaken by another update of the customer: the app's locked way
  saved ??= await withTransactionRetry(db, async (tx) => {
    const locked = await findCustomerForUpdate(tx, { organizationId: user.organizationId, lookup });
    if (!locked) throw new Error(`customer ${id} is gone`);
    return saveCustomerChanges(tx, write(locked.record));
  });
  return answer(response, 200, { ...found.view, ...changes.next, version: saved.version, lastUpdated: now });
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const match = /^\/customers\/(\d+)$/.exec(request.url ?? "");
  if (!match) return answer(response, 404, { error: "not_found" });
  const id = Number(match[1]);

  // as the app's legacy door: the credential first, then the body
  const token = sessionToken(request);
  const user = token ? await findUserBySessionToken(db, token, new Date()) : undefined;
  if (!user) return answer(response, 401, { error: "unauthorized" });

  if (request.method === "POST") return update(user, id, new URLSearchParams(await readBody(request)), response);
  const view = await findCustomerView(db, { organizationId: user.organizationId, lookup: { id } });
  return view ? answer(response, 200, view) : answer(response, 404, { error: "not_found" });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    // wrk closes its connections at the end of a run, some in the middle of a body: not a failure
    if ((error as { code?: string }).code === "ECONNRESET") return;
    console.error(error);
    if (!response.headersSent) answer(response, 500, { error: "server_error" });
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});

process.once("SIGTERM", () => {
  server.close();
  void close().finally(() => process.exit(0));
});
