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
  args: { procedure: string; kind: "query" | "mutation"; headers: Record<string, string> } & (
    | { input: unknown }
    /** The body as sent, for what superjson would never write (a number with more digits than a double holds). */
    | { rawBody: string }
  ),
): Promise<TrpcHttpResult> {
  const json = "rawBody" in args ? args.rawBody : JSON.stringify(superjson.serialize(args.input));
  const url = `${PUBLIC_BASE_URL}/api/trpc/${args.procedure}${args.kind === "query" ? `?input=${encodeURIComponent(json)}` : ""}`;
  const req = new Request(url, {
    method: args.kind === "query" ? "GET" : "POST",
    headers: { "content-type": "application/json", ...args.headers },
    body: args.kind === "mutation" ? json : undefined,
  });
  const response = await handleTRPCRequest(req, deps);
  const body = (await response.json()) as { result?: { data: never }; error?: { json: TrpcHttpResult["error"] } };
  return {
    status: response.status,
    data: body.result ? superjson.deserialize(body.result.data) : undefined,
    error: body.error?.json,
  };
}
