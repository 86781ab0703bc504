import { getServerDeps } from "~/server/deps";
import { handleTRPCRequest } from "~/server/trpc/http";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  return handleTRPCRequest(req, await getServerDeps());
}

export { handler as GET, handler as POST };
