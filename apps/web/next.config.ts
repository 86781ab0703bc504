import type { NextConfig } from "next";

const config: NextConfig = {
  // the workspace packages export TypeScript source
  transpilePackages: ["@cr/domain", "@cr/db"],
  // native or wasm packages are loaded by Node at run time, not bundled; so are the metrics and
  // tracing libraries, which the production server's bundle loads from node_modules too: one copy
  // of each per process
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "sharp",
    "prom-client",
    "@opentelemetry/api",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/exporter-trace-otlp-proto",
    "@opentelemetry/resources",
    "@opentelemetry/sdk-trace-node",
  ],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default config;
