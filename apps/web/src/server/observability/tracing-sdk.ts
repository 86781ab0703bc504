/**
 * Starts the OpenTelemetry SDK for traces, when an OTLP endpoint is
 * configured (env.ts: OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, unless OTEL_SDK_DISABLED=true), once per
 * process. Without one, the SDK is never imported: tracing then costs nothing.
 *
 * The SDK is the Node tracer provider with a batch span processor and the
 * OTLP/HTTP exporter of OTEL_EXPORTER_OTLP(_TRACES)_PROTOCOL: protobuf (the
 * default) or JSON. The SDK reads the standard variables itself, beyond those
 * env.ts knows: the exporter's endpoint, headers, timeout and compression
 * (OTEL_EXPORTER_OTLP_*), the sampler (OTEL_TRACES_SAMPLER, _ARG), the
 * batches (OTEL_BSP_*), attribute limits, and the resource
 * (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES). The version 2 SDK is the
 * last for Node 20 (3.x needs Node 22.15).
 */
import { env } from "~/env";

import { logError, logInfo } from "../log";
import { currentTracing, setTracing } from "./tracing";

const SERVICE_NAME = "service.name";

interface TracingSdk {
  shutdown(): Promise<void>;
}

const globalForSdk = globalThis as unknown as { customerRecordsTracingSdk?: Promise<TracingSdk | undefined> };

/** Starts the SDK if tracing is configured; once per process, whoever calls first. */
export function startTracing(): Promise<TracingSdk | undefined> {
  if (!env.tracing.enabled) return Promise.resolve(undefined);
  return (globalForSdk.customerRecordsTracingSdk ??= loadSdk());
}

/** Sends the spans still batched and stops the SDK (a stopping server calls it before it exits). */
export async function shutdownTracing(): Promise<void> {
  const sdk = await globalForSdk.customerRecordsTracingSdk;
  await sdk?.shutdown().catch((error: unknown) => logError("the tracing SDK did not shut down cleanly", error));
}

async function loadSdk(): Promise<TracingSdk> {
  const [api, { NodeTracerProvider, BatchSpanProcessor }, { detectResources, envDetector, resourceFromAttributes }, { OTLPTraceExporter }] =
    await Promise.all([
      import("@opentelemetry/api"),
      import("@opentelemetry/sdk-trace-node"),
      import("@opentelemetry/resources"),
      env.tracing.protocol === "http/json"
        ? import("@opentelemetry/exporter-trace-otlp-http")
        : import("@opentelemetry/exporter-trace-otlp-proto"),
    ]);
  // the service's name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise
  const resource = resourceFromAttributes({ [SERVICE_NAME]: env.tracing.serviceName }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  // the global provider, AsyncLocalStorage context and W3C trace context propagation
  provider.register();
  if (!currentTracing()) setTracing({ api, tracer: api.trace.getTracer("customer-records") });
  logInfo("tracing on", { protocol: env.tracing.protocol, service: resource.attributes[SERVICE_NAME] });
  return provider;
}
