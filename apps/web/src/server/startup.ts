import { EmbeddedDatabaseBusyError } from "@cr/db/client";

import { getServerDeps } from "./deps";

export async function openDatabaseAtStartup(): Promise<void> {
  try {
    await getServerDeps();
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
