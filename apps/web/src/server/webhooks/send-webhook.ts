/**
 * One POST of a webhook, as the Standard Webhooks specification has it:
 * `webhook-id` (the event's id), `webhook-timestamp` (seconds) and
 * `webhook-signature` (`v1,` and the HMAC-SHA256 of `id.timestamp.body`),
 * signed with the `standardwebhooks` package.
 *
 * Outbound safety (OWASP SSRF): an `https://` URL only, its host's addresses
 * checked and the connection pinned to them (outbound-address.ts), no
 * redirect followed (node:https never follows one: a 3xx is an answer, and
 * a failure), at most 15 s for the whole exchange, and at most 4 KiB of the
 * answer read, the rest never received. WEBHOOK_ALLOW_PRIVATE lifts the
 * scheme and address rules.
 */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

import { Webhook } from "standardwebhooks";

import { checkedAddressesOf, hostOfUrl, OutboundAddressRefused, type ResolvedAddress, type ResolveHostname } from "./outbound-address";

export const WEBHOOK_TIMEOUT_MS = 15_000;
export const WEBHOOK_MAX_ANSWER_BYTES = 4096;

export interface WebhookMessage {
  url: string;
  secret: string;
  /** The event's id: `webhook-id`. */
  eventId: string;
  /** The exact bytes to send (the feed's event as JSON). */
  payload: string;
}

export interface SendOptions {
  allowPrivate: boolean;
  resolve: ResolveHostname;
  /** Connections kept for the next delivery to the same host (keep-alive). */
  agents: { http: http.Agent; https: https.Agent };
  timeoutMs?: number;
  /** Aborts the request (the worker stops). */
  signal?: AbortSignal;
}

export interface SendOutcome {
  /** The receiver's status; undefined when it gave none (refused, timeout, connection error). */
  status?: number;
  /** Why no status, or what was refused. */
  error?: string;
  /** `Retry-After` as received. */
  retryAfter?: string;
  /** At most 4 KiB of the answer, as text. */
  answer: string;
  durationMs: number;
}

/** The worker keeps connections for the next delivery to the same host; a one-off send (a test event) does not. */
export function createWebhookAgents(options: { keepAlive: boolean } = { keepAlive: true }) {
  return {
    http: new http.Agent({ keepAlive: options.keepAlive, maxSockets: 32 }),
    https: new https.Agent({ keepAlive: options.keepAlive, maxSockets: 32 }),
  };
}

/** The request's connection goes to these addresses, whatever DNS would answer now. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as LookupFunction;
}

export function webhookHeaders(message: WebhookMessage, sentAt: Date): Record<string, string> {
  // the signature covers whole seconds: the timestamp header carries no more
  const timestamp = new Date(Math.floor(sentAt.getTime() / 1000) * 1000);
  return {
    "content-type": "application/json",
    "user-agent": "CustomerRecords-Webhooks/1.0",
    "webhook-id": message.eventId,
    "webhook-timestamp": String(timestamp.getTime() / 1000),
    "webhook-signature": new Webhook(message.secret).sign(message.eventId, timestamp, message.payload),
  };
}

export async function sendWebhook(message: WebhookMessage, options: SendOptions): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(message.url);
  if (url.protocol !== "https:" && !(options.allowPrivate && url.protocol === "http:")) {
    return { error: "refused: the URL does not start with https://", answer: "", durationMs: 0 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await checkedAddressesOf(hostOfUrl(url), { allowPrivate: options.allowPrivate, resolve: options.resolve });
  } catch (error) {
    const text = error instanceof OutboundAddressRefused ? `refused: ${error.message}` : `DNS lookup failed: ${errorText(error)}`;
    return { error: text, answer: "", durationMs: elapsed() };
  }

  const body = Buffer.from(message.payload, "utf8");
  const secure = url.protocol === "https:";
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const request = (secure ? https : http).request({
      protocol: url.protocol,
      host: hostOfUrl(url),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: "POST",
      headers: { ...webhookHeaders(message, new Date()), "content-length": String(body.length) },
      agent: secure ? options.agents.https : options.agents.http,
      lookup: pinnedLookup(addresses),
      ...(url.username && { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }),
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ error: `timed out after ${timeoutMs / 1000} s`, answer: "" });
    }, timeoutMs);
    const onAbort = () => {
      request.destroy();
      finish({ error: "stopped before an answer", answer: "" });
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => finish({ error: `connection failed: ${errorText(error)}`, answer: "" }));
    request.on("response", (response) => readAnswer(response, finish));
    request.end(body);
  });
}

/** Reads at most 4 KiB of the answer, then closes the connection: the rest is never received. */
function readAnswer(response: IncomingMessage, finish: (outcome: Omit<SendOutcome, "durationMs">) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const done = () =>
    finish({
      status: response.statusCode,
      answer: Buffer.concat(chunks).subarray(0, WEBHOOK_MAX_ANSWER_BYTES).toString("utf8"),
      ...(typeof response.headers["retry-after"] === "string" && { retryAfter: response.headers["retry-after"] }),
    });
  response.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= WEBHOOK_MAX_ANSWER_BYTES) {
      done();
      response.destroy();
    }
  });
  response.on("end", done);
  // the status is known: an answer cut short still counts by it
  response.on("error", done);
  response.on("close", done);
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code} ${error.message}`.slice(0, 300) : error.message.slice(0, 300);
}
