/**
 * Pictures on the local disk, under `<rootDir>/<organization>/photoCustomer/`.
 *
 * - A file is written under a temporary name (starting with a dot, so never a
 *   servable name), flushed, then hard-linked to its final name: a reader never
 *   sees a half-written file, and an existing picture is never overwritten (the
 *   link fails instead). Where hard links are not supported it falls back to an
 *   exclusive copy (`COPYFILE_EXCL`), which fails on an existing name just the
 *   same. A failed put removes only the files this call created, never a file
 *   that was already there under a name it wanted.
 * - Nothing outside the root is ever read, written or removed: names are checked
 *   by `isSafeSegment`, and the real path (symlinks resolved) of the directory
 *   or file must lie inside the real path of the root.
 */
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import type { PreparedPicture } from "./prepare-picture";
import type { PictureStorage, StoredPicture } from "./picture-storage";
import {
  assertStorable,
  isStorablePicture,
  pictureContentType,
  pictureVariantNames,
  PictureStorageError,
} from "./picture-names";

const PICTURE_DIR = "photoCustomer";
const ABSENT_CODES = new Set(["ENOENT", "ENOTDIR", "ELOOP", "ENAMETOOLONG"]);
const NO_HARD_LINK_CODES = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

export function createLocalPictureStorage({ rootDir }: { rootDir: string }): PictureStorage {
  const root = path.resolve(rootDir);

  /** The real path of `target` when it exists and lies inside the root (symlinks resolved); null otherwise. */
  async function realInsideRoot(target: string): Promise<string | null> {
    try {
      const [realRoot, real] = await Promise.all([fs.realpath(root), fs.realpath(target)]);
      return real.startsWith(realRoot + path.sep) ? real : null;
    } catch (error) {
      if (ABSENT_CODES.has(errorCode(error) ?? "")) return null;
      throw error;
    }
  }

  function pictureDir(organizationSlug: string): string {
    return path.join(root, organizationSlug, PICTURE_DIR);
  }

  /** Creates the directories one level at a time, checking each before going deeper. */
  async function ensurePictureDir(organizationSlug: string): Promise<string> {
    await fs.mkdir(root, { recursive: true });
    let dir = root;
    for (const segment of [organizationSlug, PICTURE_DIR]) {
      await fs.mkdir(path.join(/*turbopackIgnore: true*/ dir, segment)).catch((error: unknown) => {
        if (errorCode(error) !== "EEXIST") throw error;
      });
      const real = await realInsideRoot(path.join(/*turbopackIgnore: true*/ dir, segment));
      if (!real) throw new PictureStorageError(`picture directory of ${organizationSlug} is outside the storage`);
      dir = real;
    }
    return dir;
  }

  async function writeFresh(file: string, bytes: Uint8Array): Promise<void> {
    const handle = await fs.open(file, "wx", 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Gives the temporary file its final name; fails with EEXIST when the name is taken. */
  async function publish(temp: string, target: string): Promise<void> {
    try {
      await fs.link(temp, target);
    } catch (error) {
      if (!NO_HARD_LINK_CODES.has(errorCode(error) ?? "")) throw error;
      await fs.copyFile(temp, target, constants.COPYFILE_EXCL);
    }
  }

  return {
    async putPicture(organizationSlug, picture: PreparedPicture) {
      for (const file of picture.files) assertStorable(organizationSlug, file.fileName);

      const stored: string[] = [];
      try {
        const dir = await ensurePictureDir(organizationSlug);
        for (const file of picture.files) {
          const target = path.join(/*turbopackIgnore: true*/ dir, file.fileName);
          const temp = path.join(dir, `.tmp-${randomUUID()}`);
          try {
            await writeFresh(temp, file.bytes);
            await publish(temp, target);
            stored.push(target);
          } finally {
            await fs.rm(temp, { force: true });
          }
        }
      } catch (error) {
        const removals = await Promise.allSettled(stored.map((file) => fs.rm(file, { force: true })));
        const reason = errorCode(error) === "EEXIST" ? "its name is already taken" : "the disk refused it";
        throw new PictureStorageError(`could not store picture ${picture.fileName}: ${reason}`, {
          cause: error,
          nothingLeft: removals.every((removal) => removal.status === "fulfilled"),
        });
      }
    },

    async deletePicture(organizationSlug, fileName) {
      assertStorable(organizationSlug, fileName);
      const dir = await realInsideRoot(pictureDir(organizationSlug));
      if (!dir) return;
      // rm removes a symlink itself, never what it points to.
      await Promise.all(pictureVariantNames(fileName).map((name) => fs.rm(path.join(/*turbopackIgnore: true*/ dir, name), { force: true })));
    },

    async open(organizationSlug, fileName): Promise<StoredPicture | null> {
      if (!isStorablePicture(organizationSlug, fileName)) return null;
      const contentType = pictureContentType(fileName)!;
      const real = await realInsideRoot(path.join(pictureDir(organizationSlug), fileName));
      if (!real) return null;
      let handle: fs.FileHandle;
      try {
        // O_NONBLOCK: a FIFO planted under a picture name must not hang the request.
        handle = await fs.open(/*turbopackIgnore: true*/ real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
      } catch (error) {
        if (ABSENT_CODES.has(errorCode(error) ?? "")) return null;
        throw error;
      }
      const stat = await handle.stat().catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      // The stream closes the handle when it ends, fails or is cancelled.
      const body = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
      return { kind: "file", body, size: stat.size, contentType };
    },
  };
}
