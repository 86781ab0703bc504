/**
 * The names a picture storage accepts. Organization slugs and file names become
 * path segments (local disk) or ids inside a URL (UploadThing), so both are held
 * to one conservative pattern: lower-case letters, digits, `.`, `_`, `-`, first
 * character a letter or digit (so never `.`, `..` or a hidden file), no `..`
 * anywhere, no slash, no backslash, no NUL, no percent sign (so an encoded
 * traversal such as `..%2F` is just an invalid name, never decoded twice).
 */
const SAFE_SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;
const MAX_SEGMENT_LENGTH = 200;

export function isSafeSegment(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length <= MAX_SEGMENT_LENGTH &&
    SAFE_SEGMENT.test(value) &&
    !value.includes("..")
  );
}

/** The stored formats, by extension; anything else is never stored nor served. */
const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
};

export function pictureContentType(fileName: string): string | null {
  const dot = fileName.lastIndexOf(".");
  if (dot < 0) return null;
  return CONTENT_TYPES[fileName.slice(dot + 1)] ?? null;
}

/** A file name and an organization slug that a storage may use. */
export function isStorablePicture(organizationSlug: string, fileName: string): boolean {
  return isSafeSegment(organizationSlug) && isSafeSegment(fileName) && pictureContentType(fileName) !== null;
}

/** The three stored names of a picture. */
export function pictureVariantNames(fileName: string): string[] {
  return [fileName, `small_${fileName}`, `medium_${fileName}`];
}

/** Thrown by a storage when it refuses a name or cannot store or remove a picture. */
export class PictureStorageError extends Error {
  override readonly name = "PictureStorageError";
  /**
   * After a failed `putPicture`: true when nothing that the call stored can
   * remain (it stored nothing, or removed all it stored). False when some file
   * may be left, which only the pending-picture sweep may then remove.
   */
  readonly nothingLeft: boolean;

  constructor(message: string, options: { cause?: unknown; nothingLeft?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.nothingLeft = options.nothingLeft ?? false;
  }

  /**
   * By name rather than `instanceof`: the production server's bundle and
   * Next's each load this module, and a storage built by one throws errors of
   * its own copy of the class into the other's code.
   */
  static isNothingLeft(error: unknown): boolean {
    return error instanceof Error && error.name === "PictureStorageError" && (error as PictureStorageError).nothingLeft === true;
  }
}

export function assertStorable(organizationSlug: string, fileName: string): void {
  if (!isStorablePicture(organizationSlug, fileName)) {
    throw new PictureStorageError(`refused picture name ${JSON.stringify(`${organizationSlug}/${fileName}`)}`, {
      nothingLeft: true,
    });
  }
}
