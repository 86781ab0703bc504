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
import { Column, getTableName, is, noopDecoder, type Query, SQL, Subquery } from "drizzle-orm";
import type { PgDialect, PgPreparedQuery, PreparedQueryConfig, SelectedFieldsOrdered } from "drizzle-orm/pg-core";

import type { Database } from "./client";
import { objectTemplate } from "./object-template";

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
 * on an embedded database's holder, the app behind a transaction pooler:
 * client.ts) keeps sending it unnamed, parsed and planned on every call.
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

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

interface MappedColumn {
  /** Where the value goes: a key of the row, or of one of its objects (`{ parent: { id, name } }`). */
  key: string;
  object: string | undefined;
  /** Undefined for a decoder that answers the driver's value as it is (most columns'): not called. */
  decoder: Decoder | undefined;
}

function keepsDriverValue(decoder: Decoder): boolean {
  return decoder === noopDecoder || decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue;
}

/**
 * A joined object of the row, and how to tell a left join that found nothing:
 * Drizzle makes the whole object null when its first column of a table is
 * null, provided all its columns are columns of that one table.
 */
interface MappedObject {
  key: string;
  template: Readonly<Record<string, null>>;
  nullWhenColumnIsNull: { column: string; table: string } | undefined;
}

/**
 * Drizzle's `mapResultRow`, to the letter, with what it works out for each
 * column on every row (which decoder, which table) worked out once: each
 * column's value decoded at its path; an object of a left-joined table is
 * null when its first column is null (and all its columns come from that
 * table).
 *
 * Each row and each of its objects is a copy of a template with all its keys
 * in the select's order (object-template.ts), where Drizzle adds them one by one.
 */
function rowMapper<TRow>(fields: SelectedFieldsOrdered, joinsNotNullableMap: Record<string, boolean>) {
  const objects = new Map<string, { keys: string[]; tables: string[]; firstColumn: string | undefined }>();
  const columns: MappedColumn[] = fields.map(({ path, field }) => {
    if (path.length > 2) throw new Error(`prebuiltSelect: objects nest one level at most, not ${path.join(".")}`);
    const [first, second] = path as [string, string | undefined];
    let decoder: Decoder;
    let table: string | undefined;
    if (is(field, Column)) {
      decoder = field;
      table = getTableName(field.table);
    } else {
      const expression = is(field, SQL) ? field : is(field, Subquery) ? field._.sql : field.sql;
      // an expression's `mapWith`, kept by Drizzle without declaring it in its types
      decoder = (expression as unknown as { decoder: Decoder }).decoder;
    }
    const mapped: MappedColumn = {
      key: second ?? first,
      object: second === undefined ? undefined : first,
      decoder: keepsDriverValue(decoder) ? undefined : decoder,
    };
    if (second === undefined) return mapped;
    let object = objects.get(first);
    if (!object) objects.set(first, (object = { keys: [], tables: [], firstColumn: undefined }));
    object.keys.push(second);
    // only the object's columns of a table count for Drizzle's null check, expressions do not
    if (table !== undefined) {
      object.tables.push(table);
      object.firstColumn ??= second;
    }
    return mapped;
  });

  const mappedObjects: MappedObject[] = [...objects].map(([key, { keys, tables, firstColumn }]) => {
    const table = tables[0];
    const oneTable = firstColumn !== undefined && table !== undefined && tables.every((other) => other === table);
    return {
      key,
      template: objectTemplate(keys),
      nullWhenColumnIsNull: oneTable ? { column: firstColumn, table } : undefined,
    };
  });
  const rowTemplate = objectTemplate(fields.map(({ path }) => path[0]!));

  return (rows: unknown[][]): TRow[] =>
    rows.map((row) => {
      const result: Record<string, unknown> = { ...rowTemplate };
      for (const object of mappedObjects) result[object.key] = { ...object.template };
      for (let index = 0; index < columns.length; index++) {
        const { key, object, decoder } = columns[index]!;
        const raw = row[index];
        const value = raw === null || decoder === undefined ? raw : decoder.mapFromDriverValue(raw);
        if (object === undefined) result[key] = value;
        else (result[object] as Record<string, unknown>)[key] = value;
      }
      for (const { key, nullWhenColumnIsNull: check } of mappedObjects) {
        if (check && (result[key] as Record<string, unknown>)[check.column] === null && !joinsNotNullableMap[check.table]) {
          result[key] = null;
        }
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
