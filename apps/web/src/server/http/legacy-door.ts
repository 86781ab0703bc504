/**
 * The legacy API (and the UI's tRPC calls) on `node:http`, without Next: the
 * production server (`server.ts`) hands every request here first. A request
 * that its route table serves is turned into a web `Request`, given to the
 * route's handler (the very function the route file exports), and its
 * `Response` written back; anything else goes to Next's request handler.
 *
 * Why: Next spends about 1 ms of CPU on a request before a route handler
 * runs, more than the legacy update itself costs (BENCHMARKS.md).
 *
 * What Next's server did for these requests is kept:
 * - the body streams in as the handler reads it, so `readRequestBody` still
 *   refuses a body past the limit without reading the rest, and a client
 *   that goes away mid-body is still `RequestAbortedError`;
 * - `x-forwarded-for` is rewritten from the socket (see
 *   `auth/client-address.ts`), from the header as the client sent it;
 * - anything unexpected is the contract's 500 JSON, never a crash;
 * - what the door does not serve (a HEAD, an OPTIONS, a path that Next
 *   redirects or refuses, an unknown API version) gets Next's own answer.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

import { isLegacyApiVersion } from "@cr/domain";

import { forwardedForWithPeer } from "../auth/client-address";
import { legacyAnswerText, legacyErrorResponse } from "../legacy/legacy-response";
import type { LegacyHandler, LegacyMethod, LegacyRouter } from "../legacy/legacy-routes";
import { logError } from "../log";

export interface LegacyDoorOptions {
  router: LegacyRouter;
  /** Reverse proxies in front of the app (TRUST_PROXY). */
  trustedProxies: number;
  /** Serves every request the table does not: Next's request handler. */
  fallback: (req: IncomingMessage, res: ServerResponse) => unknown;
}

/** Bytes of a request body held ahead of the handler's reads before the socket is paused. */
const BODY_HIGH_WATER_MARK = 64 * 1024;

export function createLegacyDoor(options: LegacyDoorOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const route = legacyRouteOf(req, options.router);
    if (route) {
      void serveLegacyRoute(req, res, route, options.trustedProxies);
      return;
    }
    void Promise.resolve()
      .then(() => options.fallback(req, res))
      .catch((error: unknown) => {
        // Next answers its own faults; this is only reached when it could not
        logError("request failed outside the legacy API", error, { method: req.method, url: req.url });
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end("Internal Server Error");
        } else res.destroy();
      });
  };
}

interface LegacyRequestRoute {
  handler: LegacyHandler;
  params: Record<string, string>;
  url: URL;
}

/**
 * The route of a request, or undefined when Next should answer it. `next
 * start` matches the path as sent; a path that URL parsing would change
 * (`..`, `%2e`, a backslash) is redirected or refused by Next, so it goes
 * there. Static folders beside `api/[version]` (`api/trpc`) come before it in
 * Next: only the contract's versions are taken here.
 */
function legacyRouteOf(req: IncomingMessage, router: LegacyRouter): LegacyRequestRoute | undefined {
  const target = req.url;
  if (!target?.startsWith("/")) return undefined;
  const queryAt = target.indexOf("?");
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  const match = router.match(pathname);
  if (!match) return undefined;
  if (match.params.version !== undefined && !isLegacyApiVersion(match.params.version)) return undefined;
  const handler = match.handlers[req.method as LegacyMethod];
  if (!handler) return undefined;

  let url: URL;
  try {
    url = new URL(target, `http://${req.headers.host ?? "localhost"}`);
  } catch {
    return undefined;
  }
  if (url.pathname !== pathname) return undefined;
  return { handler, params: match.params, url };
}

async function serveLegacyRoute(
  req: IncomingMessage,
  res: ServerResponse,
  route: LegacyRequestRoute,
  trustedProxies: number,
): Promise<void> {
  let response: Response;
  try {
    const request = new Request(route.url, {
      method: req.method,
      headers: requestHeaders(req, trustedProxies),
      body: hasBody(req) ? requestBodyStream(req) : null,
      signal: abortedWithResponse(res),
      duplex: "half",
    } as RequestInit);
    response = await route.handler(request, { params: Promise.resolve(route.params) as Promise<never> });
  } catch (error) {
    // a handler answers its own errors: what comes here (a fault of the door, a handler that did not) is a 500
    response = legacyErrorResponse(error, { method: req.method, url: req.url });
  }
  try {
    await writeResponse(req, res, response);
  } catch (error) {
    const context = { method: req.method, url: req.url };
    if (!res.headersSent) {
      await writeResponse(req, res, legacyErrorResponse(error, context)).catch(() => res.destroy());
      return;
    }
    // half an answer is sent: cut the connection, so the client cannot take it for a whole one
    logError("legacy API answer failed while it was written", error, context);
    res.destroy();
  }
}

/**
 * The request's headers as Next would hand them to the route (Node's joined
 * values), with `x-forwarded-for` computed from what the client sent and the
 * socket. `req.headers` may already hold the rewritten value (the process's
 * rewriter for Next's requests, `auth/peer-address.ts`): the raw headers are
 * what the client sent.
 */
function requestHeaders(req: IncomingMessage, trustedProxies: number): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers as IncomingHttpHeaders)) {
    if (value === undefined || name === "x-forwarded-for") continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  const received: string[] = [];
  for (let index = 0; index < req.rawHeaders.length; index += 2) {
    if (req.rawHeaders[index]!.toLowerCase() === "x-forwarded-for") received.push(req.rawHeaders[index + 1]!);
  }
  const forwardedFor = forwardedForWithPeer(received, req.socket.remoteAddress, trustedProxies);
  if (forwardedFor !== undefined) headers.set("x-forwarded-for", forwardedFor);
  return headers;
}

function hasBody(req: IncomingMessage): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * The body as a web stream that reads from the socket only as fast as the
 * handler reads it: once `BODY_HIGH_WATER_MARK` bytes wait, the socket is
 * paused. Cancelled (a body past the limit), it stops reading; the answer
 * then closes the connection (see `writeResponse`).
 */
function requestBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let detach = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const onData = (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = () => {
          detach();
          controller.close();
        };
        const onError = (error: Error) => {
          detach();
          controller.error(error);
        };
        // a client that hangs up mid-body: Node ends the request with `close` and no `end`
        const onClose = () => {
          if (req.complete) return;
          detach();
          controller.error(new Error("The client closed the connection before the end of the request body."));
        };
        detach = () => {
          req.off("data", onData);
          req.off("end", onEnd);
          req.off("error", onError);
          req.off("close", onClose);
        };
        req.on("data", onData);
        req.on("end", onEnd);
        req.on("error", onError);
        req.on("close", onClose);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        detach();
        req.pause();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: BODY_HIGH_WATER_MARK }),
  );
}

/** Aborted when the client goes away before the answer is written, as Next's requests are. */
function abortedWithResponse(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Resolves once the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

const BODYLESS_STATUSES = new Set([204, 304]);

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  // Answered before the whole body arrived (a body past the limit, a refused
  // credential): the rest is never read, so the connection cannot carry another request.
  if (!req.complete) headers.connection = "close";

  const text = legacyAnswerText(response);
  if (text !== undefined && !BODYLESS_STATUSES.has(response.status)) {
    headers["content-length"] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers).end(text);
    return;
  }
  if (!response.body || BODYLESS_STATUSES.has(response.status)) {
    await response.body?.cancel();
    res.writeHead(response.status, headers).end();
    return;
  }

  const reader = response.body.getReader();
  try {
    const first = await reader.read();
    if (first.done) {
      headers["content-length"] ??= "0";
      res.writeHead(response.status, headers).end();
      return;
    }
    // A body already complete in memory (every answer of the legacy API)
    // goes out in one write with its length; a body still being produced is
    // streamed as it comes, waiting for its second chunk no longer than
    // this turn of the event loop.
    let next = reader.read();
    const nextSoon = await Promise.race([next, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
    if (nextSoon?.done) {
      headers["content-length"] ??= String(first.value.byteLength);
      res.writeHead(response.status, headers).end(first.value);
      return;
    }
    res.writeHead(response.status, headers);
    let chunk: Uint8Array = first.value;
    for (;;) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await drained(res);
      const read = await next;
      if (read.done) break;
      chunk = read.value;
      next = reader.read();
    }
    res.end();
  } finally {
    if (res.destroyed) await reader.cancel().catch(() => undefined);
  }
}
