/**
 * Where to go after signing in. Only a path of this site: a `next` pointing
 * elsewhere (`//evil.example`, `https://...`) would turn the sign-in page
 * into an open redirect.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return "/customers";
  }
  return next;
}
