/**
 * Where customer pictures live: the local disk (`<DATA_DIR>/uploads`) by
 * default, UploadThing when a token is configured. Configuration arrives as
 * arguments; the app's env.ts reads the environment.
 */
import { createLocalPictureStorage } from "./local-picture-storage";
import type { PreparedPicture } from "./prepare-picture";
import { createUploadThingPictureStorage } from "./uploadthing-picture-storage";

export { createLocalPictureStorage } from "./local-picture-storage";
export { createUploadThingPictureStorage, pictureCustomId } from "./uploadthing-picture-storage";
export { PictureStorageError } from "./picture-names";

export type StoredPicture =
  | { kind: "file"; body: ReadableStream<Uint8Array>; size: number; contentType: string }
  | { kind: "redirect"; url: string };

export interface PictureStorage {
  /** Stores every file of the picture; on any failure removes what it stored, then throws. */
  putPicture(organizationSlug: string, picture: PreparedPicture): Promise<void>;
  /** Removes the picture and its variants (`name`, `small_name`, `medium_name`); missing files are not an error. */
  deletePicture(organizationSlug: string, fileName: string): Promise<void>;
  /** What the /uploads route serves, or null when absent. */
  open(organizationSlug: string, fileName: string): Promise<StoredPicture | null>;
}

export interface PictureStorageConfig {
  uploadthingToken?: string;
  uploadthingIngestUrl?: string;
  uploadthingApiUrl?: string;
  localRootDir: string;
}

export function createPictureStorage(config: PictureStorageConfig): PictureStorage {
  if (config.uploadthingToken) {
    return createUploadThingPictureStorage({
      token: config.uploadthingToken,
      ingestUrl: config.uploadthingIngestUrl,
      apiUrl: config.uploadthingApiUrl,
    });
  }
  return createLocalPictureStorage({ rootDir: config.localRootDir });
}
