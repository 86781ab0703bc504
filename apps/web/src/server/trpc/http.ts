import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import type { ServerDeps } from "../deps";
import { logError } from "../log";
import { createTRPCContext } from "./init";
import { appRouter } from "./root";

/** The tRPC door over HTTP: used by the `/api/trpc` route and by the tests that go through HTTP. */
export async function handleTRPCRequest(req: Request, deps: ServerDeps): Promise<Response> {
  // Pictures arrive here as FormData: bound the body before tRPC reads it.
  if (Number(req.headers.get("content-length") ?? 0) > deps.config.maxRequestBytes) {
    return Response.json(
      { error: { message: `The request body exceeds ${deps.config.maxRequestBytes} bytes.`, code: "PAYLOAD_TOO_LARGE" } },
      { status: 413 },
    );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createTRPCContext({ deps, headers: req.headers, resHeaders }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logError("tRPC procedure failed", error.cause ?? error, { path });
    },
  });
}
