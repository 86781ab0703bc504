import { AppError } from "@cr/domain";
import { describe, expect, it } from "vitest";

import { captureLogs } from "../../test/support/captured-logs";
import { countedBody } from "../../test/support/counted-body";
import { readRequestBody, RequestAbortedError } from "./read-request-body";

const MAX = 1024;

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://records.test/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readRequestBody", () => {
  it("reads a body within the limit, declared or chunked", async () => {
    expect(new TextDecoder().decode(await readRequestBody(post("a=1&b=2"), MAX))).toBe("a=1&b=2");
    const chunked = countedBody({ totalBytes: MAX, chunkBytes: 100 });
    expect((await readRequestBody(post(chunked.stream), MAX)).byteLength).toBe(MAX);
    expect(chunked.ended).toBe(true);
    expect((await readRequestBody(new Request("http://records.test/"), MAX)).byteLength).toBe(0);
  });

  it("refuses a declared length past the limit before reading a byte", async () => {
    const body = countedBody({ totalBytes: 10 * MAX });
    const error = await refusal(readRequestBody(post(body.stream, { "content-length": String(10 * MAX) }), MAX));
    expect(error).toMatchObject({ code: "payload_too_large", status: 413, message: `The request body exceeds ${MAX} bytes.` });
    expect(body.pulled).toBe(0);
  });

  it.each([
    ["a chunked body", {}],
    ["a body whose declared length lies", { "content-length": "10" }],
  ])("stops reading %s as soon as it passes the limit", async (_name, headers: Record<string, string>) => {
    const body = countedBody({ totalBytes: 1024 * MAX, chunkBytes: 100 });
    const error = await refusal(readRequestBody(post(body.stream, headers), MAX));
    expect(error).toMatchObject({ code: "payload_too_large", status: 413 });
    expect(body.ended).toBe(false);
    expect(body.pulled).toBeLessThanOrEqual(MAX + 100);
  });

  it("tells a client that stopped sending from a server fault, and logs it as information only", async () => {
    const logs = captureLogs();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 0) controller.enqueue(new TextEncoder().encode("name=Ma"));
        // what Node's HTTP server gives when the client's connection goes away mid-body
        else controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const error = await refusal(readRequestBody(post(stream), MAX)).finally(() => logs.restore());
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.code).not.toBe("server_error");
    expect(logs.lines()).toEqual([expect.objectContaining({ level: "info", reason: "aborted" })]);
  });
});
