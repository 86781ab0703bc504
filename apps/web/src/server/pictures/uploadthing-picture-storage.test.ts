import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startFakeUploadThing, type FakeUploadThing } from "../../../test/pictures/fake-uploadthing";
import { makeJpeg } from "../../../test/pictures/images";
import { createPictureStorage, createUploadThingPictureStorage, pictureCustomId, PictureStorageError } from "./picture-storage";
import { preparePicture, type PreparedPicture } from "./prepare-picture";
import { uploadThingAppId } from "./uploadthing-picture-storage";

let fake: FakeUploadThing;
let picture: PreparedPicture;

beforeAll(async () => {
  fake = await startFakeUploadThing();
  picture = await preparePicture({ fileName: "Shop.jpg", bytes: await makeJpeg(640, 480) }, new Date(1_700_000_000_000));
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.files.clear();
  fake.requests.length = 0;
  fake.failUploadsNamed(null);
});

const storage = () => createUploadThingPictureStorage({ token: fake.token, ingestUrl: fake.url, apiUrl: fake.url });
const stored = () =>
  [...fake.files.values()].map((file) => ({ customId: file.customId, name: file.name, type: file.type })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );

describe("UploadThing picture storage", () => {
  it("uploads the three files with a customId made of the organization and the file name", async () => {
    await storage().putPicture("entity1", picture);

    const name = picture.fileName;
    expect(name).toMatch(/^1700000000000_[0-9a-f]{16}_shop\.jpg$/);
    expect(stored()).toEqual([
      { customId: `entity1~${name}`, name, type: "image/jpeg" },
      { customId: `entity1~medium_${name}`, name: `medium_${name}`, type: "image/jpeg" },
      { customId: `entity1~small_${name}`, name: `small_${name}`, type: "image/jpeg" },
    ]);
    for (const file of picture.files) {
      const match = [...fake.files.values()].find((f) => f.name === file.fileName);
      expect(match?.bytes).toEqual(file.bytes);
    }
  });

  it("removes what it uploaded and throws when one of the uploads fails", async () => {
    fake.failUploadsNamed((name) => name.startsWith("small_"));

    const error = await storage()
      .putPicture("entity1", picture)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PictureStorageError);
    // the failed file may have reached storage and its customId may be another picture's: the sweep decides
    expect(error).toMatchObject({ nothingLeft: false });
    expect(fake.files.size).toBe(0);
    expect(fake.requests.filter((r) => r.method === "PUT")).toHaveLength(3);
    expect(fake.requests.some((r) => r.path === "/v6/deleteFiles")).toBe(true);
  });

  it("throws and leaves nothing behind when the ingest host is unreachable", async () => {
    const unreachable = createUploadThingPictureStorage({
      token: fake.token,
      ingestUrl: "http://127.0.0.1:9",
      apiUrl: fake.url,
    });
    await expect(unreachable.putPicture("entity1", picture)).rejects.toBeInstanceOf(PictureStorageError);
    expect(fake.files.size).toBe(0);
  });

  it("deletes the picture and its variants by customId, and deleting again is not an error", async () => {
    const pictures = storage();
    await pictures.putPicture("entity1", picture);
    const other = await preparePicture({ fileName: "other.jpg", bytes: await makeJpeg(32, 32) }, new Date(1_700_000_000_001));
    await pictures.putPicture("entity1", other);

    await pictures.deletePicture("entity1", picture.fileName);
    expect(stored().map((file) => file.name)).toEqual(other.files.map((file) => file.fileName).sort());
    await pictures.deletePicture("entity1", picture.fileName);
  });

  it("opens a picture as a redirect to https://<appId>.ufs.sh/f/<customId>", async () => {
    const pictures = storage();
    await pictures.putPicture("entity1", picture);
    expect(await pictures.open("entity1", picture.fileName)).toEqual({
      kind: "redirect",
      url: `https://${fake.appId}.ufs.sh/f/entity1~${picture.fileName}`,
    });
    expect(fake.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("refuses unsafe names: open answers null, put and delete throw without calling UploadThing", async () => {
    const pictures = storage();
    expect(await pictures.open("entity1", "../x.jpg")).toBeNull();
    expect(await pictures.open("../entity2", picture.fileName)).toBeNull();
    const named = { ...picture, files: [{ ...picture.files[0]!, fileName: "../x.jpg" }] };
    await expect(pictures.putPicture("entity1", named)).rejects.toBeInstanceOf(PictureStorageError);
    await expect(pictures.deletePicture("entity1", "a/b.jpg")).rejects.toBeInstanceOf(PictureStorageError);
    expect(fake.requests).toEqual([]);
  });

  it("keeps customIds short and unambiguous", () => {
    expect(pictureCustomId("entity1", "1_a.png")).toBe("entity1~1_a.png");
    const long = pictureCustomId("o".repeat(60), `small_1700000000000_${"n".repeat(96)}.png`);
    expect(long).toMatch(/^~[0-9a-f]{64}$/);
    expect(pictureCustomId("o".repeat(60), `medium_1700000000000_${"n".repeat(96)}.png`)).not.toBe(long);
  });

  it("is what createPictureStorage picks when a token is set", async () => {
    const pictures = createPictureStorage({
      uploadthingToken: fake.token,
      uploadthingIngestUrl: fake.url,
      uploadthingApiUrl: fake.url,
      localRootDir: "/nonexistent",
    });
    await pictures.putPicture("entity2", picture);
    expect(fake.files.size).toBe(3);
    expect(await pictures.open("entity2", picture.fileName)).toMatchObject({ kind: "redirect" });
  });

  it("reads the appId from the token and refuses a malformed token", () => {
    expect(uploadThingAppId(fake.token)).toBe(fake.appId);
    expect(() => uploadThingAppId("not a token")).toThrow(/invalid UploadThing token/);
    expect(() => createUploadThingPictureStorage({ token: Buffer.from("{}").toString("base64") })).toThrow();
  });
});
