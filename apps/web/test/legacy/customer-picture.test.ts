/**
 * The multipart `imageFile` of the legacy update, end to end: route handler,
 * service, picture checks and re-encoding, storage, and the /uploads route.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { createServerDeps } from "~/server/deps";
import { createUploadThingPictureStorage } from "~/server/pictures/picture-storage";
import { createUploadsHandler } from "~/server/pictures/serve-upload";

import { encodeBmp24 } from "../pictures/bmp";
import { startFakeUploadThing } from "../pictures/fake-uploadthing";
import { makeGif, makeJpeg, makePng, pngHeaderOnly } from "../pictures/images";
import { createLegacyApiClient } from "../support/legacy-api-client";
import { createLegacyClient, sessionCookie } from "../support/legacy-client";
import { PUBLIC_BASE_URL, sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";
import { captureErrorLogs } from "../support/captured-logs";

let server: TestServer;
let client: ReturnType<typeof createLegacyClient>;
let headers: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 20 });
  client = createLegacyClient(server.deps);
  headers = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
});

afterAll(async () => {
  await server?.close();
});

function withImage(bytes: Uint8Array, fileName: string, type = "application/octet-stream", fields: Record<string, string> = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  body.set("imageFile", new File([new Uint8Array(bytes)], fileName, { type }));
  return body;
}

async function storedCustomer() {
  return (await client.call({ customer: { id: "256" }, headers })).json() as Promise<Record<string, unknown>>;
}

async function storedFiles(): Promise<string[]> {
  return (await readdir(path.join(server.uploadsDir, "entity1", "photoCustomer")).catch(() => []))
    .filter((name) => !name.startsWith("."))
    .sort();
}

/** GETs a `logo` URL (or a variant's) as the signed-in legacy client would. */
async function fetchUpload(url: string, deps = server.deps): Promise<Response> {
  const [organization, , file] = url.replace(`${PUBLIC_BASE_URL}/uploads/`, "").split("/");
  const handler = createUploadsHandler(() => deps);
  return handler.GET(new Request(url, { headers }), { params: Promise.resolve({ organization: organization!, file: file! }) });
}

describe("POST imageFile", () => {
  const accepted = [
    { format: "JPEG", make: () => makeJpeg(800, 600), name: "Shop Front.jpg", stored: /^\d+_[0-9a-f]{16}_shop_front\.jpg$/ },
    { format: "PNG", make: () => makePng(300, 900), name: "logo.png", stored: /^\d+_[0-9a-f]{16}_logo\.png$/ },
    { format: "GIF", make: () => makeGif(200, 100), name: "anim.gif", stored: /^\d+_[0-9a-f]{16}_anim\.png$/ },
    {
      format: "BMP",
      make: async () => encodeBmp24(64, 32, () => [10, 120, 200]),
      name: "scan.bmp",
      stored: /^\d+_[0-9a-f]{16}_scan\.png$/,
    },
  ];

  for (const picture of accepted) {
    it(`stores a ${picture.format} with its variants and serves them`, async () => {
      const response = await client.call({
        method: "POST",
        customer: { id: "256" },
        headers,
        body: withImage(await picture.make(), picture.name, "image/whatever", { comment: `${picture.format} logo` }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { logo: string; comment: string };
      expect(body.comment).toBe(`${picture.format} logo`);
      const prefix = `${PUBLIC_BASE_URL}/uploads/entity1/photoCustomer/`;
      expect(body.logo.startsWith(prefix)).toBe(true);
      const fileName = body.logo.slice(prefix.length);
      expect(fileName).toMatch(picture.stored);
      // the replaced picture is gone: only this one and its variants remain
      expect(await storedFiles()).toEqual([fileName, `medium_${fileName}`, `small_${fileName}`].sort());

      for (const [variant, box] of [["", 0], ["small_", 128], ["medium_", 512]] as const) {
        const served = await fetchUpload(`${prefix}${variant}${fileName}`);
        expect(served.status).toBe(200);
        expect(served.headers.get("x-content-type-options")).toBe("nosniff");
        const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
        if (box) expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(box);
        expect(meta.exif).toBeUndefined();
      }
    });
  }

  const refused = [
    { name: "an HTML file named .png", bytes: () => new TextEncoder().encode("<!doctype html><script>alert(1)</script>"), file: "evil.png", type: "image/png", error: "unsupported_file_type", description: "image format not supported." },
    { name: "an SVG", bytes: () => new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), file: "logo.svg", type: "image/svg+xml", error: "unsupported_file_type", description: "image format not supported." },
    { name: "a truncated PNG", bytes: async () => (await makePng(200, 200)).slice(0, 120), file: "cut.png", type: "image/png", error: "unsupported_file_type", description: "image format not supported." },
    { name: "a file of 2 MiB + 1 byte", bytes: () => new Uint8Array(2 * 1024 * 1024 + 1).fill(0xff), file: "big.jpg", type: "image/jpeg", error: "exceeded_file_size", description: "image size should not exceed 2Mo" },
    { name: "a PNG header claiming 20000x20000 pixels", bytes: () => pngHeaderOnly(20_000, 20_000), file: "huge.png", type: "image/png", error: "invalid_param" },
  ];

  for (const refusal of refused) {
    it(`refuses ${refusal.name}, changes nothing and leaves no file`, async () => {
      const before = await storedCustomer();
      const filesBefore = await storedFiles();
      const response = await client.call({
        method: "POST",
        customer: { id: "256" },
        headers,
        body: withImage(await refusal.bytes(), refusal.file, refusal.type, { name: "Must not be saved" }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as Record<string, string>;
      expect(body.error).toBe(refusal.error);
      if (refusal.description) expect(body.error_description).toBe(refusal.description);
      expect(await storedCustomer()).toEqual(before);
      expect(await storedFiles()).toEqual(filesBefore);
    });
  }

  it("refuses two imageFile parts", async () => {
    const body = withImage(await makePng(10, 10), "a.png");
    body.append("imageFile", new File([await makePng(10, 10)], "b.png"));
    const response = await client.call({ method: "POST", customer: { id: "256" }, headers, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_param_type" });
  });
});

describe("POST imageFile to many customers at once", () => {
  it("gives each of 20 customers uploading logo.png in the same millisecond a picture of its own", async () => {
    // A fixed clock makes every upload share the millisecond of its generated name.
    const instant = new Date();
    const sameMillisecond = createLegacyClient({ ...server.deps, now: () => instant });
    const page = await createLegacyApiClient(server.deps).getJson<{ data: { id: number }[] }>(
      "/api/v1.0/customers?max=20",
      headers,
    );
    const ids = page.data.map((customer) => String(customer.id));
    expect(ids).toHaveLength(20);
    const png = await makePng(120, 80);

    const responses = await Promise.all(
      ids.map((id) =>
        sameMillisecond.call({ method: "POST", customer: { id }, headers, body: withImage(png, "logo.png", "image/png") }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(ids.map(() => 200));
    const logos = await Promise.all(responses.map(async (response) => ((await response.json()) as { logo: string }).logo));
    expect(new Set(logos).size).toBe(20);

    const prefix = `${PUBLIC_BASE_URL}/uploads/entity1/photoCustomer/`;
    for (const [i, id] of ids.entries()) {
      const { logo } = (await (await client.call({ customer: { id }, headers })).json()) as { logo: string };
      expect(logo).toBe(logos[i]);
      const fileName = logo.slice(prefix.length);
      for (const variant of ["", "small_", "medium_"]) {
        const served = await fetchUpload(`${prefix}${variant}${fileName}`);
        expect(served.status, `${variant}${fileName} of customer ${id}`).toBe(200);
        expect(served.headers.get("content-type")).toBe("image/png");
      }
    }
  });
});

describe("POST imageFile with uploadthing", () => {
  it("leaves the customer unchanged and nothing stored when an upload fails", async () => {
    const fake = await startFakeUploadThing();
    try {
      const deps = createServerDeps({
        db: server.deps.db,
        pictureStorage: createUploadThingPictureStorage({ token: fake.token, ingestUrl: fake.url, apiUrl: fake.url }),
        config: server.deps.config,
        rateLimitPerMinute: 1000,
      });
      const uploadthingClient = createLegacyClient(deps);
      const before = await storedCustomer();

      fake.failUploadsNamed((name) => name.startsWith("medium_"));
      const logs = captureErrorLogs();
      // uploadthing's SDK reports the failed upload itself, on the console's standard output
      const sdkLines: string[] = [];
      const sdkLog = vi.spyOn(console, "log").mockImplementation((line: unknown) => void sdkLines.push(String(line)));
      const failed = await uploadthingClient
        .call({
          method: "POST",
          customer: { id: "256" },
          headers,
          body: withImage(await makeJpeg(400, 400), "new.jpg", "image/jpeg", { name: "Must not be saved" }),
        })
        .finally(() => {
          logs.restore();
          sdkLog.mockRestore();
        });
      expect(sdkLines.join("\n")).toContain("Failed to upload file (500)");
      expect(logs.errors()).toEqual([
        expect.objectContaining({ message: "legacy API request failed", error: expect.objectContaining({ name: "PictureStorageError" }) }),
      ]);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ error: "server_error", error_description: "Oops! Something went wrong..." });
      expect(await storedCustomer()).toEqual(before);
      expect(fake.files.size).toBe(0);

      fake.failUploadsNamed(null);
      const stored = await uploadthingClient.call({
        method: "POST",
        customer: { id: "256" },
        headers,
        body: withImage(await makeJpeg(400, 400), "new.jpg", "image/jpeg"),
      });
      expect(stored.status).toBe(200);
      expect(fake.files.size).toBe(3);
      const { logo } = (await stored.json()) as { logo: string };
      const served = await fetchUpload(logo, deps);
      expect(served.status).toBeGreaterThanOrEqual(300);
      expect(served.status).toBeLessThan(400);
      expect(served.headers.get("location")).toContain(fake.appId);
    } finally {
      await fake.close();
    }
  });
});
