import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { getServerDeps } from "~/server/deps";
import { logError } from "~/server/log";
import { createTRPCContext } from "~/server/trpc/init";
import { appRouter } from "~/server/trpc/root";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  const deps = await getServerDeps();
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

export { handler as GET, handler as POST };
