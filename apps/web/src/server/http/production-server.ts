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
 * - the metrics listener (METRICS_PORT) and the tracing SDK (OTLP endpoint)
 *   start first, when configured (`observability/start-observability.ts`);
 * - the database is opened before the server listens, so that a folder held
 *   by another app stops the start with its message (`startup.ts`); Next's
 *   `instrumentation.ts` then finds the same deps (`deps.ts`: one per process);
 * - `/api/health` and `/api/ready` are answered without Next too
 *   (`probes/probe-handlers.ts`);
 * - SIGINT and SIGTERM start the drain: `/api/ready` answers 503 at once,
 *   and the server goes on answering (each answer closing its connection)
 *   until the requests under way at the signal have finished, so that a load
 *   balancer probing it sees it leave rather than finding the port closed;
 *   then it stops accepting, lets the rest finish, and exits with 130 and 143.
 */
import { createServer, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";

import { env } from "~/env";

import { rewriteForwardedForWithPeer } from "../auth/peer-address";
import { createLegacyRouter, legacyRouteHandlers } from "../legacy/legacy-routes";
import { startObservability } from "../observability/start-observability";
import { shutdownTracing } from "../observability/tracing-sdk";
import { startDraining } from "../probes/draining";
import { probeRouteHandlers } from "../probes/probe-handlers";
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

  await startObservability();
  // for the requests that Next serves; the door rewrites its own from the raw headers
  rewriteForwardedForWithPeer(env.trustedProxies);
  await openDatabaseAtStartup();

  // loaded only now: Next and React read NODE_ENV while they load (see server.ts)
  const { default: next } = await import("next");
  // `dir`: the app's folder, where `pnpm start` runs, as for `next start`
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
  await app.prepare();

  const door = createLegacyDoor({
    // tRPC's and the probes' folders are static: Next matches them before `api/[version]`, and so does this router
    router: createLegacyRouter({ ...legacyRouteHandlers, "api/trpc/[trpc]": trpcRouteHandlers, ...probeRouteHandlers }),
    trustedProxies: env.trustedProxies,
    fallback: app.getRequestHandler(),
  });
  // the answers not yet finished, which the drain waits for
  const underWay = new Set<ServerResponse>();
  let draining = false;
  const server = createServer((req, res) => {
    underWay.add(res);
    res.once("close", () => underWay.delete(res));
    // a client kept on a connection would go on sending to an instance about to leave
    if (draining) res.setHeader("connection", "close");
    door(req, res);
  });
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

  const stop = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    startDraining();
    const finished = [...underWay].map((res) => new Promise((resolve) => res.once("close", resolve)));
    void Promise.all(finished).then(() => {
      server.close(() => {
        void app
          .close()
          .catch((error: unknown) => console.error(error))
          // the last spans, still batched
          .then(shutdownTracing)
          .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
      });
      server.closeIdleConnections();
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
