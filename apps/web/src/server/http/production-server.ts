/**
 * The production server (`pnpm start`): Next's documented custom server
 * (https://nextjs.org/docs/app/guides/custom-server) on `node:http`, with the
 * legacy API and the UI's tRPC calls answered first, without Next
 * (`legacy-door.ts`), and every other request handed to Next's request
 * handler. It starts as `next start` did:
 *
 * - `--port`/`-p`, else PORT, else 3000; `--hostname`/`-H`, else every
 *   interface. HOSTNAME is not read, as `next start` does not: shells export
 *   it as the machine's name;
 * - the database is opened before the server listens, so that a folder held
 *   by another app stops the start with its message (`startup.ts`); Next's
 *   `instrumentation.ts` then finds the same deps (`deps.ts`: one per process);
 * - SIGINT and SIGTERM stop accepting, let the requests under way finish,
 *   and exit with 130 and 143.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import { env } from "~/env";

import { rewriteForwardedForWithPeer } from "../auth/peer-address";
import { createLegacyRouter, legacyRouteHandlers } from "../legacy/legacy-routes";
import { openDatabaseAtStartup } from "../startup";
import { trpcRouteHandlers } from "../trpc/route-handlers";
import { createLegacyDoor } from "./legacy-door";

function portOf(text: string | undefined): number {
  if (text === undefined) return env.port;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port takes a port number, not ${text}`);
  return port;
}

export async function startProductionServer(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  });
  const port = portOf(values.port);
  const hostname = values.hostname;

  // for the requests that Next serves; the door rewrites its own from the raw headers
  rewriteForwardedForWithPeer(env.trustedProxies);
  await openDatabaseAtStartup();

  // loaded only now: Next and React read NODE_ENV while they load (see server.ts)
  const { default: next } = await import("next");
  // `dir`: the app's folder, where `pnpm start` runs, as for `next start`
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
  await app.prepare();

  const server = createServer(
    createLegacyDoor({
      // tRPC's folder is static: Next matches it before `api/[version]`, and so does this router
      router: createLegacyRouter({ ...legacyRouteHandlers, "api/trpc/[trpc]": trpcRouteHandlers }),
      trustedProxies: env.trustedProxies,
      fallback: app.getRequestHandler(),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const listeningPort = typeof address === "object" && address ? address.port : port;
  console.log(`> Ready on http://${hostname ?? "localhost"}:${listeningPort}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      void app
        .close()
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
    server.closeIdleConnections();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
