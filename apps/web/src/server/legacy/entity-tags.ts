/**
 * SPEC §5: a customer's `ETag` is its version, and a POST with `If-Match`
 * writes only while the stored version is one the header names.
 */

/** The strong entity tag of a customer's version, as the answers' `ETag` header carries it. */
export function customerEntityTag(version: number): string {
  return `"${version}"`;
}

/**
 * The versions an `If-Match` header accepts, or undefined when it sets no
 * precondition (absent, or `*`: any stored customer). If-Match compares
 * strongly (RFC 9110 §13.1.1), so a weak tag (`W/"3"`) or a tag that is no
 * version of ours matches nothing, and the update is refused.
 */
export function versionsOfIfMatch(header: string | null): number[] | undefined {
  if (header === null || header.trim() === "*") return undefined;
  const versions: number[] = [];
  for (const tag of header.split(",")) {
    const version = /^\s*"(\d{1,15})"\s*$/.exec(tag)?.[1];
    if (version !== undefined) versions.push(Number(version));
  }
  return versions;
}
