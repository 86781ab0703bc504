/**
 * Calls the tRPC door over HTTP the way the UI's client does (superjson,
 * POST for mutations), through the same fetch adapter as the route.
 */
import superjson from "superjson";

import type { ServerDeps } from "~/server/deps";
import { handleTRPCRequest } from "~/server/trpc/http";

import { PUBLIC_BASE_URL } from "./test-server";

export interface TrpcHttpResult {
  status: number;
  data?: unknown;
  error?: { message: string; data: { code: string; httpStatus: number; domainCode: string | null; field: string | null } };
}

export async function trpcHttp(
  deps: ServerDeps,
  args: { procedure: string; input: unknown; kind: "query" | "mutation"; headers: Record<string, string> },
): Promise<TrpcHttpResult> {
  const payload = encodeURIComponent(JSON.stringify(superjson.serialize(args.input)));
  const url = `${PUBLIC_BASE_URL}/api/trpc/${args.procedure}${args.kind === "query" ? `?input=${payload}` : ""}`;
  const req = new Request(url, {
    method: args.kind === "query" ? "GET" : "POST",
    headers: { "content-type": "application/json", ...args.headers },
    body: args.kind === "mutation" ? JSON.stringify(superjson.serialize(args.input)) : undefined,
  });
  const response = await handleTRPCRequest(req, deps);
  const body = (await response.json()) as { result?: { data: never }; error?: { json: TrpcHttpResult["error"] } };
  return {
    status: response.status,
    data: body.result ? superjson.deserialize(body.result.data) : undefined,
    error: body.error?.json,
  };
}
