/**
 * The legacy route table served over real HTTP through the production
 * server's door (`server/http/legacy-door.ts`) on `node:http`, without Next,
 * on a free port of 127.0.0.1. What the door leaves to Next is answered by a
 * stand-in that says so (`x-served-by: next`), so a test sees which requests
 * would reach Next.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { ServerDeps } from "~/server/deps";
import { createLegacyDoor } from "~/server/http/legacy-door";
import { createLegacyRouteHandlers, createLegacyRouter, type LegacyRouteHandlers } from "~/server/legacy/legacy-routes";

export const SERVED_BY_NEXT = "next";

export interface LegacyDoorServer {
  baseUrl: string;
  server: Server;
  close(): Promise<void>;
}

export async function startLegacyDoorServer(
  getDeps: () => Promise<ServerDeps>,
  options: {
    trustedProxies?: number;
    /** Routes of a test's own beside the legacy ones (a handler that streams, or throws). */
    extraRoutes?: Record<string, LegacyRouteHandlers>;
  } = {},
): Promise<LegacyDoorServer> {
  const door = createLegacyDoor({
    router: createLegacyRouter({ ...createLegacyRouteHandlers(getDeps), ...options.extraRoutes }),
    trustedProxies: options.trustedProxies ?? 0,
    fallback: (_req, res) => {
      res.writeHead(404, { "content-type": "text/plain", "x-served-by": SERVED_BY_NEXT }).end("left to Next");
    },
  });
  const server = createServer(door);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
