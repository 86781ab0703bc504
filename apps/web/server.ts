/**
 * Entry of the production server (`pnpm start`), see
 * `src/server/http/production-server.ts`. `pnpm build` compiles it into
 * `dist/server.js` (`scripts/build-server.ts`), so production runs plain
 * JavaScript. `pnpm dev` stays `next dev`: it reloads code as it changes, and
 * serves the legacy API through the route files, which export the same
 * handlers.
 */

// As `next start` does: production unless NODE_ENV says otherwise. Next and
// React read it while they load, so it is set before anything imports them.
// (Next's types declare NODE_ENV read-only; Node's environment is not.)
// eslint-disable-next-line no-restricted-properties
(process.env as Record<string, string | undefined>).NODE_ENV ||= "production";

const { startProductionServer } = await import("./src/server/http/production-server");
try {
  await startProductionServer(process.argv.slice(2));
} catch (error) {
  console.error(error);
  process.exit(1);
}
