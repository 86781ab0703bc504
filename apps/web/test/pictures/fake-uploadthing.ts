/**
 * A small stand-in for UploadThing's ingest and API hosts on 127.0.0.1, enough
 * for `UTApi.uploadFiles` and `UTApi.deleteFiles`:
 * - `PUT /<key>?expires&x-ut-*&signature=hmac-sha256=<hex>` with a multipart
 *   `file`: checks the signature with the token's apiKey, stores the file and
 *   answers `{ ufsUrl, url, appUrl, fileHash }`;
 * - `POST /v6/deleteFiles` `{ fileKeys }` or `{ customIds }` with the
 *   `x-uploadthing-api-key` header: answers `{ success, deletedCount }`.
 */
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeStoredFile {
  key: string;
  customId: string | null;
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface FakeUploadThing {
  url: string;
  token: string;
  appId: string;
  files: Map<string, FakeStoredFile>;
  /** Uploads whose file name matches answer 500 (after reading the body). */
  failUploadsNamed(predicate: ((name: string) => boolean) | null): void;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startFakeUploadThing(): Promise<FakeUploadThing> {
  const appId = "testapp123";
  const apiKey = "sk_test_fake_key";
  const token = Buffer.from(JSON.stringify({ apiKey, appId, regions: ["sea1"] })).toString("base64");
  const files = new Map<string, FakeStoredFile>();
  const requests: { method: string; path: string }[] = [];
  let failing: ((name: string) => boolean) | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void handle(req, Buffer.concat(chunks)).then(
        ({ status, body }) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: String(error) }));
        },
      );
    });
  });

  async function handle(req: http.IncomingMessage, body: Buffer): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? "/", baseUrl);
    requests.push({ method: req.method ?? "", path: url.pathname });

    if (req.method === "PUT") {
      // The SDK signs the URL as it was before `&signature=` was appended.
      const signature = url.searchParams.get("signature") ?? "";
      const unsigned = url.href.slice(0, url.href.lastIndexOf("&signature="));
      const expected = `hmac-sha256=${createHmac("sha256", apiKey).update(unsigned).digest("hex")}`;
      if (signature !== expected) return { status: 403, body: { error: "bad signature" } };
      // Each value was URI-encoded once more before being put in the query.
      const param = (name: string) => {
        const value = url.searchParams.get(name);
        return value === null ? null : decodeURIComponent(value);
      };
      const form = await new Response(new Uint8Array(body), { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
      const file = form.get("file");
      if (!(file instanceof Blob)) return { status: 400, body: { error: "no file" } };
      const name = param("x-ut-file-name") ?? "";
      if (failing?.(name)) return { status: 500, body: { error: "storage is down" } };
      const key = url.pathname.slice(1);
      const customId = param("x-ut-custom-id");
      if (customId && [...files.values()].some((f) => f.customId === customId)) {
        return { status: 409, body: { error: "customId already used" } };
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      files.set(key, { key, customId, name, type: param("x-ut-file-type") ?? "", bytes });
      const ufsUrl = `https://${appId}.ufs.sh/f/${key}`;
      return {
        status: 200,
        body: {
          ufsUrl,
          url: `https://utfs.io/f/${key}`,
          appUrl: `https://utfs.io/a/${appId}/${key}`,
          fileHash: createHash("md5").update(bytes).digest("hex"),
        },
      };
    }

    if (req.method === "POST" && url.pathname === "/v6/deleteFiles") {
      if (req.headers["x-uploadthing-api-key"] !== apiKey) return { status: 401, body: { error: "bad api key" } };
      const { fileKeys, customIds } = JSON.parse(body.toString("utf8")) as { fileKeys?: string[]; customIds?: string[] };
      let deletedCount = 0;
      for (const [key, file] of files) {
        if (fileKeys?.includes(key) || (file.customId !== null && customIds?.includes(file.customId))) {
          files.delete(key);
          deletedCount++;
        }
      }
      return { status: 200, body: { success: true, deletedCount } };
    }

    return { status: 404, body: { error: "not found" } };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    token,
    appId,
    files,
    requests,
    failUploadsNamed(predicate) {
      failing = predicate;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
