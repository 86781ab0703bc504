/**
 * The Prometheus scrape: `GET /metrics` on a listener of its own
 * (METRICS_PORT), never on the app's public port, so that what it shows
 * (routes, rates, the pool) reaches only whoever can reach that port.
 * Started once per process (`pnpm start` starts it before Next, whose
 * `instrumentation.ts` then finds it running; `pnpm dev` from there).
 */
import { createServer, type Server } from "node:http";

import { logError, logInfo } from "../log";
import { enableMetrics } from "./metrics";

const globalForServer = globalThis as unknown as { customerRecordsMetricsServer?: Promise<Server> };

/** Listens on `port` (0: a free one) of every interface; answers the listening server. */
export function startMetricsServer(port: number): Promise<Server> {
  return (globalForServer.customerRecordsMetricsServer ??= listen(port));
}

function listen(port: number): Promise<Server> {
  const registry = enableMetrics();
  const server = createServer((req, res) => {
    const path = req.url?.split("?", 1)[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: the metrics are at GET /metrics\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(req.method === "HEAD" ? undefined : text),
      (error: unknown) => {
        logError("metrics scrape failed", error);
        res.writeHead(500, { "content-type": "text/plain" }).end("The metrics could not be collected.\n");
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      // a scrape listener must not keep a process alive that is otherwise done
      server.unref();
      const address = server.address();
      logInfo("metrics listening", { port: typeof address === "object" && address ? address.port : port, path: "/metrics" });
      resolve(server);
    });
  });
}
