/**
 * The one spelling of an e-mail used as a login name: the sign-in lookup,
 * the stored `users.email` and the sign-in throttle all compare this form, so
 * two spellings are either the same account (and share one failure count) or
 * different ones everywhere.
 *
 * Compatibility forms are folded first (NFKC: full-width letters, ligatures),
 * then JavaScript's `toLowerCase`, which follows Unicode's default case
 * mapping and no locale. The database's `lower()` is not used for this: it
 * follows the server's locale and maps the dotted capital I (U+0130) to a
 * plain `i`, while Unicode maps it to `i` plus a combining dot (U+0307), so
 * `admİn@…` would have reached `admin@…` with a failure count of its own.
 */
export function normalizeEmail(raw: string): string {
  // the second NFKC puts back together what lower-casing took apart
  return raw.normalize("NFKC").toLowerCase().normalize("NFKC").trim();
}
