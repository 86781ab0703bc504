/**
 * The ceiling of `pnpm bench:api`: the least any server must do for the same
 * requests on the same database, with no framework, no sign-in and no rules.
 * `node:http` and postgres.js (the app's driver, a pool of 10 as the app's):
 *
 *   POST /customers/{id}  the same form body -> one UPDATE of the same four columns
 *   GET  /customers/{id}  -> one SELECT by id
 *
 * Run as its own process (`node --import tsx bare-server.ts <database url>`),
 * like `next start`; prints `listening <port>` once it accepts requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import postgres from "postgres";

const ORGANIZATION_ID = 1;

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error("usage: bare-server.ts <database url>");
const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });

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

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const match = /^\/customers\/(\d+)$/.exec(request.url ?? "");
  if (!match) return answer(response, 404, { error: "not_found" });
  const id = Number(match[1]);

  if (request.method === "GET") {
    const [customer] = await sql`select * from customers where id = ${id} and organization_id = ${ORGANIZATION_ID}`;
    return customer ? answer(response, 200, customer) : answer(response, 404, { error: "not_found" });
  }

  const form = new URLSearchParams(await readBody(request));
  const creditLimit = Number(form.get("creditLimit"));
  if (!Number.isFinite(creditLimit)) return answer(response, 400, { error: "invalid_param_type" });
  const [updated] = await sql`
    update customers
       set credit_limit = ${creditLimit}, phone = ${form.get("phone")}, email = ${form.get("email")},
           comment = ${form.get("comment")}, version = version + 1, last_updated = now()
     where id = ${id} and organization_id = ${ORGANIZATION_ID}
     returning id, version, last_updated`;
  return updated ? answer(response, 200, updated) : answer(response, 404, { error: "not_found" });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
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
  void sql.end({ timeout: 2 }).finally(() => process.exit(0));
});
