/**
 * A request body streamed on demand (chunked: no length declared), that
 * counts the bytes the server pulls: a test can then tell whether a body past
 * the limit was read to its end or buffered whole.
 */
export interface CountedBody {
  stream: ReadableStream<Uint8Array>;
  /** Bytes handed to the server so far. */
  readonly pulled: number;
  /** Whether the server read the stream to its end. */
  readonly ended: boolean;
}

export function countedBody(options: { totalBytes: number; prefix?: string; chunkBytes?: number }): CountedBody {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const prefix = new TextEncoder().encode(options.prefix ?? "");
  const filler = new Uint8Array(chunkBytes).fill("x".charCodeAt(0));
  let pulled = 0;
  let ended = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= options.totalBytes) {
          ended = true;
          controller.close();
          return;
        }
        const next = pulled === 0 && prefix.byteLength > 0 ? prefix : filler;
        const chunk = next.slice(0, options.totalBytes - pulled);
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    // nothing is made ahead of the reader's demand
    { highWaterMark: 0 },
  );
  return {
    stream,
    get pulled() {
      return pulled;
    },
    get ended() {
      return ended;
    },
  };
}
