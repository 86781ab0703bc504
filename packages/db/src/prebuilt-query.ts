/**
 * Statements of the hot paths (the credential's lookup, the customer a request
 * reads or updates, its write), built once per database instead of on every
 * call.
 *
 * Drizzle turns a query builder into SQL text on every execution, checking
 * the kind of every chunk as it goes: for the customer's wide select (about a
 * hundred columns, six joins, two aggregates) that was about a third of the
 * server's CPU per request. A prebuilt statement keeps the text, with
 * placeholders (`sql.placeholder`) for what varies, and runs it through the
 * session of whichever database or transaction it is given: a statement
 * prepared on the database itself would run outside the caller's
 * transaction, and lose its `for update`. The text depends on the dialect
 * (its casing), which a database and its transactions share: it is built once
 * per dialect.
 *
 * A placeholder's value goes to the driver as it is given, without the
 * column's encoding: give a column's placeholder through
 * `sql.param(sql.placeholder(name), column)` (never null then), or encode the
 * value before.
 */
import { Column, getTableName, is, type Query, SQL, Subquery } from "drizzle-orm";
import type { PgDialect, PgPreparedQuery, PreparedQueryConfig, SelectedFieldsOrdered } from "drizzle-orm/pg-core";

import type { Database } from "./client";

/** What a Drizzle select leaves in the statement it prepares: how to map the rows back. */
interface SelectMapping {
  fields: SelectedFieldsOrdered;
  joinsNotNullableMap: Record<string, boolean>;
}

interface BuiltSelect<TRow> {
  query: Query;
  mapRows: (rows: unknown[][]) => TRow[];
}

/** A select with placeholders; `prepare` is the builder's own. */
interface PreparableSelect<TRow> {
  prepare(name: string): PgPreparedQuery<PreparedQueryConfig & { execute: TRow[] }>;
}

/**
 * A select that `build` writes with placeholders, run with the placeholders'
 * `values`. Its rows are mapped as Drizzle maps the select's own, with what
 * Drizzle works out for each column on every row (which decoder, which
 * table) worked out once.
 *
 * It runs named, as Drizzle's `.prepare(name)` does: postgres.js then prepares
 * it once per connection and afterwards sends it in one round trip, where an
 * unnamed statement with parameters is parsed and described first on every
 * call. PGlite ignores the name; a client built with `prepare: false` (a tool
 * on an embedded database's holder) keeps sending it unnamed.
 */
export function prebuiltSelect<TRow, TValues extends Record<string, unknown>>(
  name: string,
  build: (db: Database) => PreparableSelect<TRow>,
): (db: Database, values: TValues) => Promise<TRow[]> {
  const built = new WeakMap<PgDialect, BuiltSelect<TRow>>();
  return async (db, values) => {
    const dialect = dialectOf(db);
    let select = built.get(dialect);
    if (!select) {
      select = buildSelect(build(db), name);
      built.set(dialect, select);
    }
    return db._.session
      .prepareQuery<PreparedQueryConfig & { execute: TRow[] }>(select.query, undefined, name, true, select.mapRows)
      .execute(values);
  };
}

function buildSelect<TRow>(select: PreparableSelect<TRow>, name: string): BuiltSelect<TRow> {
  const prepared = select.prepare(name);
  const { fields, joinsNotNullableMap } = prepared as unknown as Partial<SelectMapping>;
  if (!fields || !joinsNotNullableMap) {
    throw new Error(`prebuiltSelect ${name}: this Drizzle version keeps a select's fields elsewhere`);
  }
  return { query: prepared.getQuery(), mapRows: rowMapper<TRow>(fields, joinsNotNullableMap) };
}

interface MappedColumn {
  path: string[];
  decoder: { mapFromDriverValue(value: unknown): unknown };
  /** The table of a column of a joined object (`{ parent: { id, name } }`), which may be null as a whole. */
  objectTable: string | undefined;
}

/**
 * Drizzle's `mapResultRow`, to the letter: each column's value decoded at its
 * path; an object of a left-joined table is null when its first column is
 * null (and all its columns come from that table).
 */
function rowMapper<TRow>(fields: SelectedFieldsOrdered, joinsNotNullableMap: Record<string, boolean>) {
  const columns: MappedColumn[] = fields.map(({ path, field }) => {
    if (is(field, Column)) {
      return { path, decoder: field, objectTable: path.length === 2 ? getTableName(field.table) : undefined };
    }
    const expression = is(field, SQL) ? field : is(field, Subquery) ? field._.sql : field.sql;
    // an expression's `mapWith`, kept by Drizzle without declaring it in its types
    const { decoder } = expression as unknown as Pick<MappedColumn, "decoder">;
    return { path, decoder, objectTable: undefined };
  });
  return (rows: unknown[][]): TRow[] =>
    rows.map((row) => {
      const result: Record<string, unknown> = {};
      const nullable: Record<string, string | false> = {};
      columns.forEach(({ path, decoder, objectTable }, index) => {
        let node = result;
        for (const chunk of path.slice(0, -1)) {
          if (!(chunk in node)) node[chunk] = {};
          node = node[chunk] as Record<string, unknown>;
        }
        const raw = row[index];
        const value = raw === null ? null : decoder.mapFromDriverValue(raw);
        node[path[path.length - 1]!] = value;
        if (objectTable !== undefined) {
          const object = path[0]!;
          if (!(object in nullable)) nullable[object] = value === null ? objectTable : false;
          else if (typeof nullable[object] === "string" && nullable[object] !== objectTable) nullable[object] = false;
        }
      });
      for (const [object, table] of Object.entries(nullable)) {
        if (typeof table === "string" && !joinsNotNullableMap[table]) result[object] = null;
      }
      return result as TRow;
    });
}

/**
 * A statement of SQL that `build` writes with placeholders, answering its rows
 * as objects. Run named, as `prebuiltSelect`'s: postgres.js sends a statement
 * with parameters that it has not prepared in two round trips (it asks the
 * server for the parameters' types first, and sends nothing else on the
 * connection until the answer, which would also stop a batch's writes from
 * being pipelined); prepared, in one.
 *
 * A connection keeps what it prepared until it closes, and postgres.js closes
 * each after 30 to 60 minutes (its `max_lifetime`): a statement whose text
 * varies (one per set of columns written) leaves on a connection at most the
 * variants used in that time.
 */
export function prebuiltStatement<TRow>(
  name: string,
  build: () => SQL,
): (db: Database, values: Record<string, unknown>) => Promise<TRow[]> {
  const built = new WeakMap<PgDialect, Query>();
  return async (db, values) => {
    const dialect = dialectOf(db);
    let query = built.get(dialect);
    if (!query) {
      query = dialect.sqlToQuery(build());
      built.set(dialect, query);
    }
    return rowsOf<TRow>(await db._.session.prepareQuery(query, undefined, name, false).execute(values));
  };
}

/** The rows of a statement run without fields: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Drizzle keeps the dialect on the database without declaring it in its types. */
function dialectOf(db: Database): PgDialect {
  return (db as unknown as { dialect: PgDialect }).dialect;
}
