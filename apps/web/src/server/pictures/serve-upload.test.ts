import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { createApiToken, revokeSession } from "@cr/db/repositories";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startFakeUploadThing, type FakeUploadThing } from "../../../test/pictures/fake-uploadthing";
import { makePng } from "../../../test/pictures/images";
import { bearer, sessionCookie } from "../../../test/support/legacy-client";
import { sessionTokenOf, startTestServer, type TestServer } from "../../../test/support/test-server";
import { createLocalPictureStorage, createPictureStorage, type PictureStorage } from "./picture-storage";
import { preparePicture, type PreparedPicture } from "./prepare-picture";
import { createUploadsHandler } from "./serve-upload";
import { captureErrorLogs } from "../../../test/support/captured-logs";

const NOT_FOUND = { error: "not_found", error_description: "The file doesn't exist." };
const UNAUTHORIZED = { error: "unauthorized", error_description: "Full authentication is required to access this resource" };

let server: TestServer;
/** A signed-in user of entity1, the organization whose pictures these tests serve. */
let entity1: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 1 });
  entity1 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity1.test"));
});

afterAll(async () => {
  await server?.close();
});

/**
 * Calls the handler the way Next.js does for
 * /uploads/[organization]/photoCustomer/[file]: a real Request, and params
 * that are the URL-decoded path segments.
 */
async function get(
  storage: PictureStorage,
  organization: string,
  file: string,
  options: { headers?: Record<string, string>; rawPath?: string } = {},
) {
  const pathname =
    options.rawPath ?? `/uploads/${encodeURIComponent(organization)}/photoCustomer/${encodeURIComponent(file)}`;
  const request = new Request(`http://localhost:3000${pathname}`, { headers: options.headers ?? entity1 });
  return createUploadsHandler(() => ({ ...server.deps, pictureStorage: storage })).GET(request, {
    params: Promise.resolve({ organization, file }),
  });
}

/** What Next.js would hand the route for a raw request path, or null when the route does not match. */
function nextParams(rawPath: string): { organization: string; file: string } | null {
  const segments = new URL(`http://localhost:3000${rawPath}`).pathname.split("/").slice(1);
  if (segments.length !== 4 || segments[0] !== "uploads" || segments[2] !== "photoCustomer") return null;
  return { organization: decodeURIComponent(segments[1]!), file: decodeURIComponent(segments[3]!) };
}

async function expectError(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(await response.json()).toEqual(body);
}

const expectNotFound = (response: Response) => expectError(response, 404, NOT_FOUND);
const expectUnauthorized = (response: Response) => expectError(response, 401, UNAUTHORIZED);

describe("uploads route with the local storage", () => {
  let tmp: string;
  let root: string;
  let storage: PictureStorage;
  let picture: PreparedPicture;

  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "uploads-"));
    root = path.join(tmp, "uploads");
    storage = createLocalPictureStorage({ rootDir: root });
    picture = await preparePicture({ fileName: "logo.png", bytes: await makePng(700, 350) }, new Date(1_700_000_000_000));
    await storage.putPicture("entity1", picture);
    // Things that must never be served.
    await fs.writeFile(path.join(tmp, "secret.png"), "outside the root");
    await fs.mkdir(path.join(tmp, "outside", "photoCustomer"), { recursive: true });
    await fs.writeFile(path.join(tmp, "outside", "photoCustomer", "secret.png"), "outside the root");
  });

  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it("serves the picture and its variants with their type, length, nosniff and a long private cache", async () => {
    for (const file of picture.files) {
      const response = await get(storage, "entity1", file.fileName);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(response.headers.get("content-length")).toBe(String(file.bytes.length));
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(file.bytes);
    }
  });

  it("serves the picture and its variants to its organization's users by session cookie and by API token", async () => {
    const token = await createApiToken(server.deps.db, { userId: 1, organizationId: 1, name: "pictures", scope: "write", expiresAt: null });
    for (const headers of [entity1, bearer(token.token)]) {
      for (const file of picture.files) {
        const response = await get(storage, "entity1", file.fileName, { headers });
        expect(response.status).toBe(200);
        expect(new Uint8Array(await response.arrayBuffer())).toEqual(file.bytes);
      }
    }
  });

  it("answers 401 to the picture and its variants without a valid credential", async () => {
    const signedOut = await sessionTokenOf(server.deps, "admin@entity1.test");
    await revokeSession(server.deps.db, signedOut, new Date());
    for (const headers of [
      {},
      sessionCookie("not-a-session"),
      sessionCookie(signedOut),
      bearer("not-a-token"),
      { authorization: "Basic YWRtaW46ZGVtbw==" },
    ]) {
      for (const file of picture.files) await expectUnauthorized(await get(storage, "entity1", file.fileName, { headers }));
    }
    // before any name is looked at: a stranger learns nothing from the answer
    await expectUnauthorized(await get(storage, "entity1", "1_nothing.png", { headers: {} }));
    await expectUnauthorized(await get(storage, "entity1", "../../secret.png", { headers: {} }));
  });

  it("answers a user of another organization, by cookie or token, exactly as for a missing file", async () => {
    const entity2Session = sessionCookie(await sessionTokenOf(server.deps, "admin@entity2.test"));
    const entity2Token = bearer(
      (await createApiToken(server.deps.db, { userId: 3, organizationId: 2, name: "pictures", scope: "write", expiresAt: null })).token,
    );
    for (const headers of [entity2Session, entity2Token]) {
      for (const file of picture.files) await expectNotFound(await get(storage, "entity1", file.fileName, { headers }));
      await expectNotFound(await get(storage, "entity1", "1_nothing.png", { headers }));
    }
  });

  it("answers 404 for a missing picture, another organization's picture and a deleted one", async () => {
    await expectNotFound(await get(storage, "entity1", "1_nothing.png"));
    await expectNotFound(await get(storage, "entity2", picture.fileName));
    await storage.deletePicture("entity1", picture.fileName);
    for (const file of picture.files) await expectNotFound(await get(storage, "entity1", file.fileName));
  });

  it.each([
    ["entity1", "../../secret.png"],
    ["entity1", "../../../secret.png"],
    ["entity1", "..%2F..%2F..%2Fsecret.png"],
    ["entity1", "%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.png"],
    ["entity1", "..\\..\\..\\secret.png"],
    ["entity1", "/tmp/secret.png"],
    ["entity1", "/etc/passwd"],
    ["entity1", "1700000000000_logo.png\u0000.png"],
    ["entity1", "1700000000000_logo.png%00"],
    ["..", "secret.png"],
    ["../outside", "secret.png"],
    ["..%2Foutside", "secret.png"],
    ["/etc", "passwd"],
    ["entity1\u0000", "1700000000000_logo.png"],
    ["ENTITY1", "1700000000000_logo.png"],
  ])("answers 404 to organization %j, file %j", async (organization, file) => {
    await expectNotFound(await get(storage, organization, file));
  });

  it("answers 404 to absolute paths of real files", async () => {
    const outsideFile = path.join(tmp, "secret.png");
    await expectNotFound(await get(storage, "entity1", outsideFile));
    await expectNotFound(await get(storage, path.dirname(outsideFile), "secret.png"));
  });

  it.each([
    "/uploads/entity1/photoCustomer/..%2F..%2F..%2Fsecret.png",
    "/uploads/entity1/photoCustomer/%2e%2e%2F%2e%2e%2F%2e%2e%2Fsecret.png",
    "/uploads/..%2Foutside/photoCustomer/secret.png",
    "/uploads/entity1/photoCustomer/1700000000000_logo.png%00",
    "/uploads/entity1/photoCustomer/%2Fetc%2Fpasswd",
  ])("answers 404 to the raw request path %s, decoded as Next.js does", async (rawPath) => {
    const params = nextParams(rawPath);
    expect(params).not.toBeNull();
    await expectNotFound(await get(storage, params!.organization, params!.file, { rawPath }));
  });

  it("does not follow a symlink inside the root that points outside it", async () => {
    const dir = path.join(root, "entity1", "photoCustomer");
    await fs.symlink(path.join(tmp, "secret.png"), path.join(dir, "link.png"));
    await fs.symlink(path.join(tmp, "outside"), path.join(root, "evil"));
    await expectNotFound(await get(storage, "entity1", "link.png"));
    await expectNotFound(await get(storage, "evil", "secret.png"));
  });

  it("never serves a file that is not a stored picture type, nor a temporary file", async () => {
    const dir = path.join(root, "entity1", "photoCustomer");
    await fs.writeFile(path.join(dir, "page.html"), "<script>alert(1)</script>");
    await fs.writeFile(path.join(dir, ".tmp-123"), "half written");
    await fs.mkdir(path.join(dir, "folder.png"));
    await expectNotFound(await get(storage, "entity1", "page.html"));
    await expectNotFound(await get(storage, "entity1", ".tmp-123"));
    await expectNotFound(await get(storage, "entity1", "folder.png"));
  });

  it("answers a bare 500 when the storage fails", async () => {
    const failing: PictureStorage = {
      putPicture: () => Promise.reject(new Error("no")),
      deletePicture: () => Promise.reject(new Error("no")),
      open: () => Promise.reject(new Error("EIO: disk on fire at /srv/data")),
    };
    const logs = captureErrorLogs();
    try {
      const response = await get(failing, "entity1", picture.fileName);
      expect(response.status).toBe(500);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await response.json()).toEqual({ error: "server_error", error_description: "Oops! Something went wrong..." });
      // the fault is for the operator's log, not the client
      expect(logs.errors()).toEqual([
        expect.objectContaining({ level: "error", error: expect.objectContaining({ message: "EIO: disk on fire at /srv/data" }) }),
      ]);
    } finally {
      logs.restore();
    }
  });
});

describe("uploads route with the UploadThing storage", () => {
  let fake: FakeUploadThing;

  beforeAll(async () => {
    fake = await startFakeUploadThing();
  });

  afterAll(async () => {
    await fake.close();
  });

  it("redirects its organization's users to the file's UploadThing URL with the same headers", async () => {
    const storage = createPictureStorage({
      uploadthingToken: fake.token,
      uploadthingIngestUrl: fake.url,
      uploadthingApiUrl: fake.url,
      localRootDir: "/nonexistent",
    });
    const picture = await preparePicture({ fileName: "logo.png", bytes: await makePng(64, 64) }, new Date(1_700_000_000_000));
    await storage.putPicture("entity1", picture);

    const small = picture.files[1]!.fileName;
    expect(small).toMatch(/^small_1700000000000_[0-9a-f]{16}_logo\.png$/);
    const response = await get(storage, "entity1", small);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`https://${fake.appId}.ufs.sh/f/entity1~${small}`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect([...fake.files.values()].map((file) => file.customId)).toContain(`entity1~${small}`);

    await expectNotFound(await get(storage, "entity1", "../secret.png"));
    await expectNotFound(await get(storage, "..", picture.fileName));
    // the redirect, which gives the file's address, follows the same rule
    await expectUnauthorized(await get(storage, "entity1", small, { headers: {} }));
    const entity2 = sessionCookie(await sessionTokenOf(server.deps, "admin@entity2.test"));
    await expectNotFound(await get(storage, "entity1", small, { headers: entity2 }));
  });
});
