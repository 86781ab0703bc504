/**
 * A SQL statement's name for its span (OpenTelemetry's `db.query.summary`):
 * its operation and the table it works on, read from its first words. The
 * text is Drizzle's, with quoted identifiers and `$n` placeholders.
 */
export interface StatementSummary {
  operation: string;
  collection?: string;
  summary: string;
}

/** The statement's text outside parentheses: a subquery's `from` is not the statement's. */
function topLevelOf(text: string): string {
  let depth = 0;
  let quoted = false;
  let top = "";
  for (const char of text) {
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === "(") depth++;
    else if (!quoted && char === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && !quoted) top += char;
  }
  return top;
}

const TABLE = String.raw`\s+"?([a-z_][a-z0-9_]*)"?`;
// not `select ... for update`, nor `insert ... on conflict do update`
const WRITE = new RegExp(String.raw`(?<!\b(?:for|do)\s+)\b(update|insert\s+into|delete\s+from)${TABLE}`, "i");
const FROM = new RegExp(String.raw`\bfrom${TABLE}`, "i");

/**
 * What a statement does, to what, for its span's name: `select ... from
 * "customers"` is `SELECT customers`; a statement that writes is named by its
 * write, also inside a `with` (`UPDATE customers`).
 */
export function summarizeStatement(text: string): StatementSummary {
  const first = /^\s*([a-z]+)/i.exec(text)?.[1]?.toUpperCase() ?? "SQL";
  const write = first === "SELECT" ? undefined : WRITE.exec(text);
  if (write) {
    const operation = write[1]!.split(/\s/, 1)[0]!.toUpperCase();
    return { operation, collection: write[2], summary: `${operation} ${write[2]}` };
  }
  const operation = first === "WITH" ? "SELECT" : first;
  const collection = operation === "SELECT" ? FROM.exec(topLevelOf(text))?.[1] : undefined;
  return { operation, collection, summary: collection ? `${operation} ${collection}` : operation };
}
