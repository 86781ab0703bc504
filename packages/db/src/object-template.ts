/**
 * The wide objects of the hot paths (a customer's row, record and view) are
 * made as copies of a template that holds every key, in order, whose values
 * are then set: `{ ...template }`. V8 keeps an object in fast mode (a hidden
 * class, fixed slots) while its keys come from a literal or from such a copy;
 * keys added one by one through a computed name turn an object of more than a
 * dozen keys into a dictionary, several times slower to build, copy and
 * serialize (BENCHMARKS.md: the legacy list spent about 70 µs of CPU on each
 * customer).
 */
export function objectTemplate(keys: Iterable<string>): Readonly<Record<string, null>> {
  // `Object.fromEntries` makes a fast object whatever its size
  return Object.fromEntries([...keys].map((key) => [key, null]));
}
