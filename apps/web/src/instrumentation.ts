/**
 * Runs once when the server starts (`next dev`, `next start`): opens the
 * database now rather than on the first request, so that a folder held by
 * another app, or a database that cannot be migrated, stops the start with
 * its message instead of answering 500 later.
 */
export async function register(): Promise<void> {
  const { env } = await import("./env");
  if (env.nextRuntime !== "nodejs") return;
  const { openDatabaseAtStartup } = await import("./server/startup");
  await openDatabaseAtStartup();
}
