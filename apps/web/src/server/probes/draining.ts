/**
 * Whether this process is shutting down: from the SIGTERM (or SIGINT) that
 * starts the production server's drain (`http/production-server.ts`) until it
 * exits, `GET /api/ready` answers 503, so that a load balancer sends the
 * instance no new work while the requests under way finish.
 *
 * Kept on globalThis, as the deps are (`deps.ts`): the production server's
 * bundle and Next's compiled route files are two copies of this module in one
 * process, and both must see the drain.
 */
const globalForDraining = globalThis as unknown as { serverDraining?: boolean };

export function startDraining(): void {
  globalForDraining.serverDraining = true;
}

export function isDraining(): boolean {
  return globalForDraining.serverDraining === true;
}
