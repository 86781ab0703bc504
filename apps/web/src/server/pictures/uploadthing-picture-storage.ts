/**
 * Pictures on UploadThing, through its server SDK (`UTApi`).
 *
 * - Every file is uploaded with a `customId` derived from the organization and
 *   the file name, so that the picture can be found, served and removed from
 *   those two alone (no table of UploadThing keys to keep).
 * - `uploadFiles` never throws for a failed upload: it answers
 *   `{ data: null, error }` per file. Every result is checked; when any failed,
 *   the files that were stored are deleted by their key before throwing. A
 *   customId that is already used is refused by UploadThing, so a picture is
 *   never replaced; the SDK reports that refusal with the same error as a lost
 *   answer, so a failed file is never deleted by its customId (it may be
 *   another picture's): the error says that something may be left, and the
 *   pending-picture sweep resolves it (SPEC §3: no orphan).
 * - `open()` answers a redirect to `https://<appId>.ufs.sh/f/<customId>`, the
 *   URL UploadThing documents for a file uploaded with a customId ("Working with
 *   Files"). It is computed from the token's appId with no API call, so serving
 *   a picture costs no round trip to UploadThing and works the same against the
 *   real service and a fake ingest/API server in tests; the price is that a
 *   missing picture is answered by the CDN's 404 rather than ours. The API's
 *   alternative (`getFileUrls`) is deprecated and would add a call per view.
 */
import { createHash } from "node:crypto";

import { UTApi, UTFile } from "uploadthing/server";

import type { PreparedPicture } from "./prepare-picture";
import type { PictureStorage, StoredPicture } from "./picture-storage";
import { assertStorable, isStorablePicture, pictureVariantNames, PictureStorageError } from "./picture-names";

export interface UploadThingPictureStorageConfig {
  /** `UPLOADTHING_TOKEN`: base64 of the JSON `{ apiKey, appId, regions }`. */
  token: string;
  /** Overrides the ingest host decoded from the token (tests point it at a fake). */
  ingestUrl?: string;
  /** Overrides `https://api.uploadthing.com`. */
  apiUrl?: string;
}

/** The appId inside an UploadThing token, as the SDK decodes it. */
export function uploadThingAppId(token: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    parsed = null;
  }
  const appId = (parsed as { appId?: unknown } | null)?.appId;
  const apiKey = (parsed as { apiKey?: unknown } | null)?.apiKey;
  if (typeof appId !== "string" || !/^[a-z0-9]+$/i.test(appId) || typeof apiKey !== "string") {
    throw new Error("invalid UploadThing token: expected base64 JSON { apiKey, appId, regions }");
  }
  return appId;
}

const MAX_CUSTOM_ID_LENGTH = 128;

/**
 * UploadThing does not document which characters a customId may hold; it is
 * one path segment of the file URL, so it is kept to URL-unreserved characters
 * and short: `<organization>~<fileName>` (neither part can contain `~`, so the
 * pair is unambiguous), or, when that would be long, `~` and a SHA-256 of the
 * pair (a readable id never starts with `~`, so the two forms cannot collide).
 */
export function pictureCustomId(organizationSlug: string, fileName: string): string {
  const readable = `${organizationSlug}~${fileName}`;
  if (readable.length <= MAX_CUSTOM_ID_LENGTH) return readable;
  return `~${createHash("sha256").update(`${organizationSlug}/${fileName}`).digest("hex")}`;
}

export function createUploadThingPictureStorage(config: UploadThingPictureStorageConfig): PictureStorage {
  const appId = uploadThingAppId(config.token);
  const utapi = new UTApi({
    token: config.token,
    ...(config.ingestUrl ? { ingestUrl: config.ingestUrl } : {}),
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
  });

  async function deleteQuietly(fileKeys: string[]): Promise<unknown> {
    if (fileKeys.length === 0) return null;
    try {
      await utapi.deleteFiles(fileKeys, { keyType: "fileKey" });
      return null;
    } catch (error) {
      return error;
    }
  }

  return {
    async putPicture(organizationSlug, picture: PreparedPicture) {
      for (const file of picture.files) assertStorable(organizationSlug, file.fileName);
      const files = picture.files.map(
        (file) =>
          new UTFile([new Uint8Array(file.bytes)], file.fileName, {
            type: file.contentType,
            customId: pictureCustomId(organizationSlug, file.fileName),
          }),
      );

      let list: { data: { key: string; customId: string | null } | null; error: unknown }[] = [];
      let thrown: unknown = null;
      try {
        list = await utapi.uploadFiles(files, { concurrency: files.length });
      } catch (error) {
        // Not expected (the SDK reports failures in its results), but a throw must clean up all the same.
        thrown = error;
      }
      const failures = list.filter((result) => result.error !== null);
      if (thrown === null && failures.length === 0 && list.length === files.length) return;

      // Remove what this call stored, by the keys UploadThing gave it. A file
      // that failed may still have reached storage (e.g. its answer was lost),
      // so the error never claims that nothing is left: the sweep decides.
      const uploadedKeys = list.flatMap((result) => (result.data ? [result.data.key] : []));
      const keyCleanupError = await deleteQuietly(uploadedKeys);

      const cause = thrown ?? failures[0]?.error ?? new Error("missing upload results");
      throw new PictureStorageError(
        `could not store picture ${picture.fileName} on UploadThing` +
          (keyCleanupError ? " (and the cleanup of the stored files failed)" : ""),
        { cause },
      );
    },

    async deletePicture(organizationSlug, fileName) {
      assertStorable(organizationSlug, fileName);
      // A customId with no file is expected to lower the answer's `deletedCount`, not to fail.
      await utapi.deleteFiles(
        pictureVariantNames(fileName).map((name) => pictureCustomId(organizationSlug, name)),
        { keyType: "customId" },
      );
    },

    async open(organizationSlug, fileName): Promise<StoredPicture | null> {
      if (!isStorablePicture(organizationSlug, fileName)) return null;
      const customId = encodeURIComponent(pictureCustomId(organizationSlug, fileName));
      return { kind: "redirect", url: `https://${appId}.ufs.sh/f/${customId}` };
    },
  };
}
