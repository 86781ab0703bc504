import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { makeJpeg } from "../../../test/pictures/images";
import { createLocalPictureStorage, createPictureStorage, PictureStorageError } from "./picture-storage";
import { preparePicture, type PreparedPicture } from "./prepare-picture";

let tmp: string;
let root: string;
let picture: PreparedPicture;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "pictures-"));
  root = path.join(tmp, "uploads");
  picture = await preparePicture({ fileName: "shop.jpg", bytes: await makeJpeg(600, 400) }, new Date(1_700_000_000_000));
});

afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const dirOf = (organization: string) => path.join(root, organization, "photoCustomer");

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("local picture storage", () => {
  it("stores the three files under <root>/<organization>/photoCustomer and leaves no temporary file", async () => {
    const storage = createLocalPictureStorage({ rootDir: root });
    await storage.putPicture("entity1", picture);

    const names = picture.files.map((file) => file.fileName);
    expect(names).toEqual([picture.fileName, `small_${picture.fileName}`, `medium_${picture.fileName}`]);
    expect(picture.fileName).toMatch(/^1700000000000_[0-9a-f]{16}_shop\.jpg$/);
    expect((await fs.readdir(dirOf("entity1"))).sort()).toEqual([...names].sort());
    for (const file of picture.files) {
      expect(new Uint8Array(await fs.readFile(path.join(dirOf("entity1"), file.fileName)))).toEqual(file.bytes);
    }
  });

  it("opens a stored file as a stream with its size and content type", async () => {
    const storage = createLocalPictureStorage({ rootDir: root });
    await storage.putPicture("entity1", picture);
    const medium = picture.files[2]!;

    const opened = await storage.open("entity1", medium.fileName);
    expect(opened).toMatchObject({ kind: "file", size: medium.bytes.length, contentType: "image/jpeg" });
    if (opened?.kind !== "file") throw new Error("expected a file");
    expect(await readStream(opened.body)).toEqual(medium.bytes);
  });

  it("answers null for a picture of another organization or one that does not exist", async () => {
    const storage = createLocalPictureStorage({ rootDir: root });
    expect(await storage.open("entity1", picture.fileName)).toBeNull();
    await storage.putPicture("entity1", picture);
    expect(await storage.open("entity2", picture.fileName)).toBeNull();
    expect(await storage.open("entity1", "1_missing.jpg")).toBeNull();
  });

  it("deletes the picture and its variants, and deleting again is not an error", async () => {
    const storage = createLocalPictureStorage({ rootDir: root });
    await storage.putPicture("entity1", picture);
    await fs.writeFile(path.join(dirOf("entity1"), "other.png"), "keep me");

    await storage.deletePicture("entity1", picture.fileName);
    expect(await fs.readdir(dirOf("entity1"))).toEqual(["other.png"]);
    await storage.deletePicture("entity1", picture.fileName);
    await storage.deletePicture("entity9", picture.fileName);
  });

  it("never overwrites an existing picture, and a failed put removes what it stored", async () => {
    const storage = createLocalPictureStorage({ rootDir: root });
    await fs.mkdir(dirOf("entity1"), { recursive: true });
    const existing = path.join(dirOf("entity1"), picture.files[2]!.fileName);
    await fs.writeFile(existing, "an earlier picture");

    const error = await storage.putPicture("entity1", picture).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PictureStorageError);
    expect(error).toMatchObject({ nothingLeft: true });
    expect(await fs.readdir(dirOf("entity1"))).toEqual([picture.files[2]!.fileName]);
    expect(await fs.readFile(existing, "utf8")).toBe("an earlier picture");
  });

  it.each([
    ["..", "1_a.jpg"],
    ["../outside", "1_a.jpg"],
    ["entity1/../..", "1_a.jpg"],
    ["/tmp", "1_a.jpg"],
    ["Entity1", "1_a.jpg"],
    ["entity1", "../1_a.jpg"],
    ["entity1", "..%2F1_a.jpg"],
    ["entity1", ".hidden.jpg"],
    ["entity1", "a..b.jpg"],
    ["entity1", "a\u0000.jpg"],
    ["entity1", "a\\b.jpg"],
    ["entity1", "notes.txt"],
    ["entity1", ""],
  ])("refuses to store or delete %j / %j and writes nothing", async (organization, fileName) => {
    const storage = createLocalPictureStorage({ rootDir: root });
    const named: PreparedPicture = {
      fileName,
      files: [{ fileName, bytes: picture.files[0]!.bytes, contentType: "image/jpeg" }],
    };
    await expect(storage.putPicture(organization, named)).rejects.toBeInstanceOf(PictureStorageError);
    await expect(storage.deletePicture(organization, fileName)).rejects.toBeInstanceOf(PictureStorageError);
    expect(await storage.open(organization, fileName)).toBeNull();
    expect(await fs.readdir(tmp)).toEqual([]);
  });

  it("does not write, delete or read through an organization directory that links outside the root", async () => {
    const outside = path.join(tmp, "outside");
    await fs.mkdir(path.join(outside, "photoCustomer"), { recursive: true });
    const victim = path.join(outside, "photoCustomer", picture.fileName);
    await fs.writeFile(victim, "not yours");
    await fs.mkdir(root, { recursive: true });
    await fs.symlink(outside, path.join(root, "evil"));
    const storage = createLocalPictureStorage({ rootDir: root });

    expect(await storage.open("evil", picture.fileName)).toBeNull();
    await expect(storage.putPicture("evil", picture)).rejects.toBeInstanceOf(PictureStorageError);
    await storage.deletePicture("evil", picture.fileName);
    expect(await fs.readdir(path.join(outside, "photoCustomer"))).toEqual([picture.fileName]);
    expect(await fs.readFile(victim, "utf8")).toBe("not yours");
  });

  it("is what createPictureStorage picks without an UploadThing token", async () => {
    const storage = createPictureStorage({ localRootDir: root, uploadthingToken: "" });
    await storage.putPicture("entity1", picture);
    expect(await storage.open("entity1", picture.fileName)).toMatchObject({ kind: "file" });
  });
});
