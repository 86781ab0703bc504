/**
 * Runs once when the server starts (`next dev`, `next start`), before it
 * serves requests:
 * - starts the metrics listener and the tracing SDK when they are configured
 *   (`server/observability/start-observability.ts`; the production server
 *   started them already, and they start once per process);
 * - rewrites `x-forwarded-for` of every request from its socket (see
 *   `server/auth/client-address.ts`), so the sign-in throttle counts the
 *   client's real address;
 * - opens the database now rather than on the first request, so that a
 *   folder held by another app, or a database that cannot be migrated, stops
 *   the start with its message instead of answering 500 later.
 */
export async function register(): Promise<void> {
  // Next's documented guard, read directly (not through env.ts): Next replaces
  // it at build time, which keeps the Node-only import out of the Edge bundle.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const [{ env }, { rewriteForwardedForWithPeer }, { openDatabaseAtStartup }, { startObservability }] = await Promise.all([
      import("./env"),
      import("./server/auth/peer-address"),
      import("./server/startup"),
      import("./server/observability/start-observability"),
    ]);
    await startObservability();
    rewriteForwardedForWithPeer(env.trustedProxies);
    await openDatabaseAtStartup();
  }
}
