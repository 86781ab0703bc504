/**
 * Reads a request body into memory for every door (the legacy forms, tRPC
 * and its picture upload), never more than `maxBytes`: the declared length is
 * checked first, then the bytes as they stream in, since a chunked body
 * declares none and a declared length may lie. Past the limit the stream is
 * cancelled, so the rest is never read.
 */
import { AppError } from "@cr/domain";

import { logInfo } from "./log";

export function payloadTooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body exceeds ${maxBytes} bytes.`);
}

/**
 * The client stopped sending before the end of its body (a closed connection,
 * a cancelled upload). Its fault, not the server's: answered like a body that
 * cannot be read, never logged as an error. Nobody reads that answer anyway.
 */
export class RequestAbortedError extends AppError {
  constructor(cause: unknown) {
    super("invalid_param_type", "The request body was cut off before its end.", { field: "body", cause });
  }
}

export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw payloadTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch (error) {
      logInfo("request aborted by the client while its body was read", {
        method: request.method,
        url: request.url,
        reason: error instanceof Error ? error.message : String(error),
      });
      throw new RequestAbortedError(error);
    }
    if (read.done) break;
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(read.value);
  }
  const body = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
