/**
 * Starts what an operator watches the process with, as configured (env.ts):
 * the Prometheus scrape on METRICS_PORT, the OpenTelemetry SDK when an OTLP
 * endpoint is set. Called by the production server before it opens the
 * database and by Next's `instrumentation.ts` (`pnpm dev`, and again inside
 * `pnpm start`, where it finds both running): each starts once per process.
 */
import { env } from "~/env";

import { startMetricsServer } from "./metrics-server";
import { startTracing } from "./tracing-sdk";

export async function startObservability(): Promise<void> {
  await startTracing();
  if (env.metricsPort !== undefined) await startMetricsServer(env.metricsPort);
}
