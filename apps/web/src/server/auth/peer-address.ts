/**
 * Puts the socket's address into `x-forwarded-for` before Next reads the
 * request (see `client-address.ts` for why Next's own value cannot be
 * trusted). Node publishes every incoming request on the
 * `http.server.request.start` diagnostics channel, with its socket, before
 * the server's handler runs; Next's server is such a handler.
 *
 * Installed once per process by `instrumentation.ts`, which Next runs while
 * it prepares the server: requests already waiting at that moment (the first
 * second after start) keep the header they came with.
 */
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

import { forwardedForWithPeer } from "./client-address";

export const REQUEST_START_CHANNEL = "http.server.request.start";

/** The channel listener: rewrites one request's header from its socket. */
export function peerAddressRewriter(trustedProxies: number) {
  return (message: unknown) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const forwardedFor = forwardedForWithPeer(request.headers["x-forwarded-for"], socket.remoteAddress, trustedProxies);
    if (forwardedFor === undefined) delete request.headers["x-forwarded-for"];
    else request.headers["x-forwarded-for"] = forwardedFor;
  };
}

const installed = globalThis as unknown as { peerAddressRewriterInstalled?: boolean };

export function rewriteForwardedForWithPeer(trustedProxies: number): void {
  if (installed.peerAddressRewriterInstalled) return;
  installed.peerAddressRewriterInstalled = true;
  subscribe(REQUEST_START_CHANNEL, peerAddressRewriter(trustedProxies));
}
