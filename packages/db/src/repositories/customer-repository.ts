/**
 * Reads and writes of customers. Every function takes the organization and
 * never returns another organization's rows.
 */
import {
  type ContactView,
  type CustomerColumnKey,
  customerColumnFields,
  type CustomerRecord,
  type CustomerView,
  type CustomerWritableFields,
  type FieldChange,
  type NamedRef,
} from "@cr/domain";
import { and, eq, getTableColumns, ilike, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Database } from "../client";
import { toCustomerWriteError } from "../errors";
import { objectTemplate } from "../object-template";
import { prebuiltSelect, prebuiltStatement, rowsOf } from "../prebuilt-query";
import type { ChangeChannel } from "./history-repository";
import type { ObjectLookup } from "./object-lookup";
import { type Organization, toOrganization } from "./organization-repository";
import {
  contacts,
  customerCategories,
  customerEvents,
  customerHistory,
  customerPaymentTypes,
  customers,
  customerSegmentations,
  organizations,
  paymentTypes,
  regions,
  users,
} from "../schema";

export type CustomerLookup = ObjectLookup;

type CustomerRow = typeof customers.$inferSelect;

/**
 * Compile-time check that every field the domain stores in a column of
 * `customers` has a column here of a type that can hold its values (the
 * column's own length is checked by customer-columns.test.ts).
 */
type CustomerColumnsThatCannotHold = {
  [Key in CustomerColumnKey]: CustomerWritableFields[Key] extends (typeof customers.$inferInsert)[Key] ? never : Key;
}[CustomerColumnKey];
const _everyFieldHasAColumn: [CustomerColumnsThatCannotHold] extends [never] ? true : CustomerColumnsThatCannotHold = true;

const customerRecordKeys = ["id", "organizationId", "paymentTypeIds", ...customerColumnFields.map((field) => field.recordKey)];
const customerRecordTemplate = objectTemplate(customerRecordKeys);

/** Sets a record's keys on `target`, a copy of a template that holds them (see object-template.ts). */
function setCustomerRecord(target: Record<string, unknown>, row: CustomerRow, paymentTypeIds: number[]): CustomerRecord {
  target.id = row.id;
  target.organizationId = row.organizationId;
  target.paymentTypeIds = paymentTypeIds;
  // the domain's rules refused anything else on the way in (dueDateConfigType is 1 or 2)
  for (const { recordKey } of customerColumnFields) target[recordKey] = row[recordKey];
  return target as unknown as CustomerRecord;
}

/** A row of `customers` with its payment type ids, as the rules see it. */
export function toCustomerRecord(row: CustomerRow, paymentTypeIds: number[]): CustomerRecord {
  return setCustomerRecord({ ...customerRecordTemplate }, row, paymentTypeIds);
}

/** The customer as the rules see it, without locking it. */
export async function findCustomerRecord(
  db: Database,
  args: { organizationId: number; lookup: CustomerLookup },
): Promise<CustomerRecord | undefined> {
  const view = await findCustomerView(db, args);
  return view && toCustomerRecord(view, view.paymentTypeIds);
}

/**
 * Loads the customer the rules work on, with everything its answer shows and
 * its organization's settings, in one statement. The row stays locked until
 * the transaction ends, so concurrent updates of one customer apply one after
 * the other and the history's old values are always the real ones.
 *
 * `lockRow: false` reads it without the lock, outside any transaction, for a
 * write that only applies while the customer is still as read
 * (`saveCustomerChangesIfUnchanged`).
 */
export async function findCustomerForUpdate(
  db: Database,
  args: { organizationId: number; lookup: CustomerLookup; lockRow?: boolean },
): Promise<{ organization: Organization; record: CustomerRecord; view: CustomerView } | undefined> {
  const lockRow = args.lockRow ?? true;
  const [row] = await ("id" in args.lookup
    ? (lockRow ? customerForUpdateById : customerViewById)(db, { organizationId: args.organizationId, id: args.lookup.id })
    : (lockRow ? customerForUpdateByReference : customerViewByReference)(db, {
        organizationId: args.organizationId,
        reference: args.lookup.reference,
      }));
  if (!row) return undefined;
  const view = toCustomerView(row);
  return { organization: toOrganization(row.organization), record: toCustomerRecord(row.customer, view.paymentTypeIds), view };
}

/**
 * `findCustomerForUpdate` for many customers at once, in one statement: a
 * batch locks its customers up front (in id order, as concurrent batches then
 * take them) and each item starts from what was read here. Customers not found
 * are simply absent.
 */
export async function findCustomersForUpdate(
  db: Database,
  args: { organizationId: number; lookups: readonly CustomerLookup[] },
): Promise<{ organization: Organization; record: CustomerRecord; view: CustomerView }[]> {
  const ids = args.lookups.flatMap((lookup) => ("id" in lookup ? [lookup.id] : []));
  const references = args.lookups.flatMap((lookup) => ("reference" in lookup ? [lookup.reference] : []));
  if (ids.length === 0 && references.length === 0) return [];
  const named = [
    ...(ids.length > 0 ? [inArray(customers.id, ids)] : []),
    ...(references.length > 0 ? [inArray(customers.reference, references)] : []),
  ];
  const rows = await selectCustomerViews(db)
    .where(and(eq(customers.organizationId, args.organizationId), or(...named)))
    .orderBy(customers.id)
    .for("update", { of: customers });
  return rows.map((row) => {
    const view = toCustomerView(row);
    return { organization: toOrganization(row.organization), record: toCustomerRecord(row.customer, view.paymentTypeIds), view };
  });
}

/** The columns of `customers` that an update writes, by field name: every field of the record but its keys. */
const writableColumns = (() => {
  const { id: _id, organizationId: _organizationId, ...columns } = getTableColumns(customers);
  return columns;
})();

/** What differs between a customer as stored and as its update leaves it. */
interface CustomerDifference {
  /** The changed columns' fields, in the table's order. */
  changedFields: string[];
  /** Each changed column's value as the driver takes it, by field. */
  values: Record<string, unknown>;
  removedPaymentTypes: number[];
  addedPaymentTypes: number[];
}

function differenceOf(current: CustomerRecord, next: CustomerRecord): CustomerDifference {
  const changedFields: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(writableColumns)) {
    const value = next[field as keyof CustomerRecord];
    if (field in next && value !== current[field as keyof CustomerRecord]) {
      changedFields.push(field);
      // encoded as Drizzle encodes a column's parameter: null stays null
      values[field] = value === null ? null : column.mapToDriverValue(value);
    }
  }
  return {
    changedFields,
    values,
    removedPaymentTypes: current.paymentTypeIds.filter((id) => !next.paymentTypeIds.includes(id)),
    addedPaymentTypes: [...new Set(next.paymentTypeIds)].filter((id) => !current.paymentTypeIds.includes(id)),
  };
}

/** Who made a change, how and when: the history's columns every entry of a save shares. */
interface ChangeAuthor {
  userId: number | null;
  channel: ChangeChannel;
}

interface CustomerChanges {
  current: CustomerRecord;
  next: CustomerRecord;
  now: Date;
  history: ChangeAuthor & { changes: FieldChange[] };
}

/**
 * Writes what differs between `current` and `next` in one statement: the
 * changed columns (with the version and `lastUpdated`), the payment types
 * added and removed, and the history's entries. Answers the new version.
 */
export async function saveCustomerChanges(db: Database, args: CustomerChanges): Promise<{ version: number }> {
  const saved = await writeCustomerChanges(db, { ...args, expectedVersion: null });
  if (!saved) throw new Error(`saveCustomerChanges: customer ${args.next.id} is not in organization ${args.next.organizationId}`);
  return saved;
}

/**
 * `saveCustomerChanges` while the stored customer is still at
 * `expectedVersion`, the one `current` was read at. Otherwise (another update
 * came first, or the customer is gone) writes nothing, history included, and
 * answers undefined. Being one statement, it needs no transaction and no
 * lock held from the read: PostgreSQL checks the version again on the row it
 * updates, after any write it had to wait for.
 *
 * Like any UPDATE it waits for a row another transaction holds (a batch
 * keeps its rows to its end); the pool queues no other statement behind it
 * (client.ts). Taking the row `for no key update skip locked` instead, and
 * writing nothing when it is held, cost about 5 % of the update's throughput
 * (BENCHMARKS.md, sixth session).
 */
export async function saveCustomerChangesIfUnchanged(
  db: Database,
  args: CustomerChanges & { expectedVersion: number },
): Promise<{ version: number } | undefined> {
  return writeCustomerChanges(db, args);
}

async function writeCustomerChanges(
  db: Database,
  args: CustomerChanges & { expectedVersion: number | null },
): Promise<{ version: number } | undefined> {
  const { current, next, now } = args;
  const { changedFields, values, removedPaymentTypes, addedPaymentTypes } = differenceOf(current, next);
  let rows: { version: number }[];
  try {
    rows = await customerWriteOf(changedFields)(db, {
      ...Object.fromEntries(changedFields.map((field) => [columnPlaceholder(field), values[field]])),
      customer: next.id,
      organization: next.organizationId,
      expectedVersion: args.expectedVersion,
      lastUpdated: customers.lastUpdated.mapToDriverValue(now),
      removedPaymentTypes: JSON.stringify(removedPaymentTypes),
      addedPaymentTypes: JSON.stringify(addedPaymentTypes),
      userId: args.history.userId,
      channel: args.history.channel,
      changedAt: customerHistory.changedAt.mapToDriverValue(now),
      changes: JSON.stringify(args.history.changes.map(toHistoryEntry)),
    });
  } catch (error) {
    throw toCustomerWriteError(error);
  }
  const [row] = rows;
  return row && { version: Number(row.version) };
}

const columnPlaceholder = (field: string) => `column:${field}`;

/**
 * The write's statement for each set of changed columns, built once (see
 * prebuilt-query.ts). Integrations send a handful of sets; the bound only
 * keeps the UI's many combinations from growing the map for good.
 */
const customerWrites = new Map<string, ReturnType<typeof prebuiltStatement<{ version: number }>>>();
const CUSTOMER_WRITES_KEPT = 500;

function customerWriteOf(changedFields: string[]) {
  const key = changedFields.join(",");
  let write = customerWrites.get(key);
  if (!write) {
    if (customerWrites.size >= CUSTOMER_WRITES_KEPT) customerWrites.clear();
    write = prebuiltStatement(`customer_write:${key}`, () => customerWriteStatement(changedFields));
    customerWrites.set(key, write);
  }
  return write;
}

function customerWriteStatement(changedFields: string[]): SQL {
  const columns = writableColumns as Record<string, (typeof writableColumns)[keyof typeof writableColumns]>;
  const assignments = changedFields.map(
    (field) => sql`${sql.identifier(columns[field]!.name)} = ${sql.placeholder(columnPlaceholder(field))}`,
  );
  assignments.push(
    sql`${sql.identifier(customers.version.name)} = ${customers.version} + 1`,
    sql`${sql.identifier(customers.lastUpdated.name)} = ${sql.placeholder("lastUpdated")}`,
  );
  const customer = sql`${sql.placeholder("customer")}::int`;
  const organization = sql`${sql.placeholder("organization")}::int`;
  const expectedVersion = sql`${sql.placeholder("expectedVersion")}::int`;
  // Lists travel as one JSON text parameter each: the statement's text stays the
  // same whatever their length. The other writes wait for the customer's
  // (`exists (select from updated)`): none happens for a customer not found.
  return sql`
    with updated as (
      update ${customers} set ${sql.join(assignments, sql`, `)}
      where ${customers.id} = ${customer} and ${customers.organizationId} = ${organization}
        and (${expectedVersion} is null or ${customers.version} = ${expectedVersion})
      returning ${customers.version}, ${customers.reference}
    ), removed_payment_types as (
      delete from ${customerPaymentTypes}
      where ${customerPaymentTypes.customerId} = ${customer}
        and ${customerPaymentTypes.paymentTypeId} in (select value::int from json_array_elements_text(${sql.placeholder("removedPaymentTypes")}::text::json))
        and exists (select from updated)
    ), added_payment_types as (
      insert into ${customerPaymentTypes} (organization_id, customer_id, payment_type_id)
      select ${organization}, ${customer}, value::int from json_array_elements_text(${sql.placeholder("addedPaymentTypes")}::text::json)
      where exists (select from updated)
    ), history as (
      insert into ${customerHistory} (organization_id, customer_id, user_id, channel, changed_at, field, old_value, new_value)
      select ${organization}, ${customer}, ${sql.placeholder("userId")}::int, ${sql.placeholder("channel")},
        ${sql.placeholder("changedAt")}::timestamptz, entry.field, entry.old_value, entry.new_value
      from json_to_recordset(${sql.placeholder("changes")}::text::json)
        as entry(field text, old_value text, new_value text)
      where exists (select from updated)
    ), event as (
      ${customerEventInsert({
        organization,
        customer,
        reference: sql`updated.reference`,
        version: sql`updated.version`,
        changes: sql`(select ${eventChangesOf(sql`json_to_recordset(${sql.placeholder("changes")}::text::json) as entry(field text, old_value text, new_value text)`)})`,
        from: sql`updated`,
      })}
    )
    select version from updated`;
}

/**
 * The `customer.updated` event of each updated customer, written by the
 * statement that writes the change (`customer_events`, event-repository.ts):
 * its `data` built here in the order it is served, with the history's field
 * names and value texts. Its transaction id is the column's default.
 */
function customerEventInsert(parts: { organization: SQL; customer: SQL; reference: SQL; version: SQL; changes: SQL; from: SQL }): SQL {
  const userId = sql`${sql.placeholder("userId")}::int`;
  return sql`
      insert into ${customerEvents} (organization_id, type, customer_id, data, created_at)
      select ${parts.organization}, 'customer.updated', ${parts.customer},
        json_build_object(
          'customerId', ${parts.customer},
          'reference', ${parts.reference},
          'version', ${parts.version},
          'channel', ${sql.placeholder("channel")}::text,
          'changedBy', (select json_build_object('userId', u.id, 'reference', u.reference, 'href', '/api/v2.1/users/' || u.id)
            from ${users} u where u.id = ${userId}),
          'changes', ${parts.changes}
        ),
        ${sql.placeholder("changedAt")}::timestamptz
      from ${parts.from}`;
}

/** The changes of an event: `[{field, oldValue, newValue}]` from the history's entries in `entries` (as `entry`). */
function eventChangesOf(entries: SQL): SQL {
  return sql`coalesce(json_agg(json_build_object('field', entry.field, 'oldValue', entry.old_value, 'newValue', entry.new_value)), '[]'::json) from ${entries}`;
}

/** One customer's part of `saveManyCustomerChanges`. */
export interface CustomerChangesToSave {
  current: CustomerRecord;
  next: CustomerRecord;
  changes: FieldChange[];
}

/**
 * `saveCustomerChanges` for many customers of one organization, in one
 * statement whatever their number and whichever columns each changes: a
 * batch's writes cost one round trip and one plan. Each customer at most
 * once (an UPDATE writes a row once); every one must exist. Answers each
 * customer's new version, by id.
 *
 * The statement's text is the same for every call: each customer's changed
 * columns travel as a JSON object, laid over its row by
 * `jsonb_populate_record` (a column the object does not name keeps its value,
 * and each value is read by its column type's own input function, so lengths
 * are checked as any write checks them). Being one statement, its unique
 * checks run row by row in no set order: customers that trade references in
 * one call fail where two statements in turn succeed; the caller then saves
 * them one by one.
 *
 * `saveCustomerChanges` keeps a statement of its own, for the changed columns
 * only: one update through this one (JSON encoded, every column assigned) was
 * about a quarter slower under load (legacy update, 16 connections: 379 to
 * 419 req/s against 500 to 569, measured in turns on one build each).
 */
export async function saveManyCustomerChanges(
  db: Database,
  args: { organizationId: number; now: Date; author: ChangeAuthor; customers: readonly CustomerChangesToSave[] },
): Promise<Map<number, number>> {
  if (args.customers.length === 0) return new Map();
  const writes = args.customers.map(({ current, next }) => {
    if (next.organizationId !== args.organizationId) {
      throw new Error(`saveManyCustomerChanges: customer ${next.id} is not in organization ${args.organizationId}`);
    }
    const difference = differenceOf(current, next);
    const columnValues: Record<string, unknown> = {};
    for (const field of difference.changedFields) {
      const column = writableColumns[field as keyof typeof writableColumns];
      // a JSON column's value is itself JSON in the object, not its text
      columnValues[column.name] = column.dataType === "json" ? next[field as keyof CustomerRecord] : difference.values[field];
    }
    return {
      customer: next.id,
      column_values: columnValues,
      removed_payment_types: difference.removedPaymentTypes,
      added_payment_types: difference.addedPaymentTypes,
    };
  });
  const changes = args.customers.flatMap(({ next, changes }) =>
    changes.map((change) => ({ customer: next.id, ...toHistoryEntry(change) })),
  );
  let rows: { id: number; version: number }[];
  try {
    rows = await customersWrite(db, {
      organization: args.organizationId,
      writes: JSON.stringify(writes),
      lastUpdated: customers.lastUpdated.mapToDriverValue(args.now),
      userId: args.author.userId,
      channel: args.author.channel,
      changedAt: customerHistory.changedAt.mapToDriverValue(args.now),
      changes: JSON.stringify(changes),
    });
  } catch (error) {
    throw toCustomerWriteError(error);
  }
  const versions = new Map(rows.map((row) => [Number(row.id), Number(row.version)]));
  const missing = writes.find((write) => !versions.has(write.customer));
  if (missing || versions.size !== writes.length) {
    throw new Error(`saveManyCustomerChanges: customer ${missing?.customer ?? "?"} was not written once`);
  }
  return versions;
}

const customersWrite = prebuiltStatement<{ id: number; version: number }>("customers_write", () => {
  const { version, dateCreated: _dateCreated, lastUpdated, ...fieldColumns } = writableColumns;
  const columnNames = Object.values(fieldColumns).map((column) => sql.identifier(column.name));
  const columnList = sql.join(columnNames, sql`, `);
  const organization = sql`${sql.placeholder("organization")}::int`;
  return sql`
    with written as (
      select * from json_to_recordset(${sql.placeholder("writes")}::text::json)
        as written(customer int, column_values jsonb, removed_payment_types json, added_payment_types json)
    ), updated as (
      update ${customers} as target set
        (${columnList}) = (select ${columnList} from jsonb_populate_record(target, written.column_values)),
        ${sql.identifier(version.name)} = target.${sql.identifier(version.name)} + 1,
        ${sql.identifier(lastUpdated.name)} = ${sql.placeholder("lastUpdated")}::timestamptz
      from written
      where target.id = written.customer and target.organization_id = ${organization}
      returning target.id, target.version, target.reference
    ), removed_payment_types as (
      delete from ${customerPaymentTypes} as cpt
      using written, json_array_elements_text(written.removed_payment_types) as removed
      where cpt.customer_id = written.customer and cpt.payment_type_id = removed.value::int
        and written.customer in (select id from updated)
    ), added_payment_types as (
      insert into ${customerPaymentTypes} (organization_id, customer_id, payment_type_id)
      select ${organization}, written.customer, added.value::int
      from written, json_array_elements_text(written.added_payment_types) as added
      where written.customer in (select id from updated)
    ), history as (
      insert into ${customerHistory} (organization_id, customer_id, user_id, channel, changed_at, field, old_value, new_value)
      select ${organization}, entry.customer, ${sql.placeholder("userId")}::int, ${sql.placeholder("channel")},
        ${sql.placeholder("changedAt")}::timestamptz, entry.field, entry.old_value, entry.new_value
      from json_to_recordset(${sql.placeholder("changes")}::text::json)
        as entry(customer int, field text, old_value text, new_value text)
      where entry.customer in (select id from updated)
    ), event as (
      ${customerEventInsert({
        organization,
        customer: sql`updated.id`,
        reference: sql`updated.reference`,
        version: sql`updated.version`,
        changes: sql`(select ${eventChangesOf(sql`json_to_recordset(${sql.placeholder("changes")}::text::json) as entry(customer int, field text, old_value text, new_value text)`)} where entry.customer = updated.id)`,
        from: sql`updated`,
      })}
    )
    select id, version from updated`;
});

function toHistoryEntry(change: FieldChange) {
  return { field: change.field, old_value: change.oldValue, new_value: change.newValue };
}

/** First key of the two-key advisory locks on an organization's sub-customer tree (the second is the organization). */
const CUSTOMER_TREE_LOCK = 1;

/**
 * Makes the transaction the only one that can give a customer a parent in the
 * organization until it ends; every such update takes it before reading any
 * row. The cycle check reads the ancestors of the proposed parent, and two
 * updates each reading a chain the other is changing could both pass and
 * store a loop (294 under 295 while 296 goes under 294); row locks do not
 * help, the rows read are not the rows written. With this lock the second
 * update reads the chain after the first committed, and refuses. Taken before
 * the customer's row lock, it also keeps two updates from locking each other's
 * rows in opposite order (the parent's foreign key check): a deadlock.
 * Changes that cannot add a link (no parent, other fields) do not take it.
 */
export async function lockCustomerTree(db: Database, organizationId: number): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_TREE_LOCK}::int, ${organizationId}::int)`);
}

/** Ids above `customerId` in the sub-customer tree: its parent, grand-parent, and so on. */
export async function findAncestorIds(
  db: Database,
  args: { organizationId: number; customerId: number },
): Promise<number[]> {
  const rows = await db.execute<{ id: number }>(sql`
    with recursive ancestors(id, depth) as (
      select parent_customer_id, 1 from ${customers}
      where id = ${args.customerId} and organization_id = ${args.organizationId}
      union all
      select c.parent_customer_id, a.depth + 1 from ${customers} c
      join ancestors a on c.id = a.id
      where c.parent_customer_id is not null and a.depth < 1000
    )
    select id from ancestors where id is not null order by depth`);
  return rowsOf<{ id: number }>(rows).map((row) => Number(row.id));
}

const parentCustomers = alias(customers, "parent_customers");

/** JSON text or value: postgres.js and PGlite parse `json` themselves, a proxy may not. */
function parsedJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const customerPaymentTypesJson = sql<NamedRef[]>`coalesce((
    select json_agg(json_build_object('id', pt.id, 'reference', pt.reference, 'name', pt.name) order by pt.id)
    from ${customerPaymentTypes} cpt join ${paymentTypes} pt on pt.id = cpt.payment_type_id
    where cpt.customer_id = ${customers.id}
  ), '[]'::json)`.mapWith((value) => parsedJson<NamedRef[]>(value));

const customerContactsJson = sql<ContactView[]>`coalesce((
    select json_agg(json_build_object(
      'id', ct.id, 'firstName', ct.first_name, 'lastName', ct.last_name,
      'email', ct.email, 'phone', ct.phone, 'position', ct.position
    ) order by ct.id)
    from ${contacts} ct
    where ct.customer_id = ${customers.id} and ct.organization_id = ${customers.organizationId}
  ), '[]'::json)`.mapWith((value) => parsedJson<ContactView[]>(value));

/**
 * Customers with everything the answers show, in one statement: the related
 * objects and the organization joined, payment types and contacts aggregated.
 */
function selectCustomerViews(db: Database) {
  return db
    .select({
      customer: customers,
      organization: organizations,
      category: { id: customerCategories.id, reference: customerCategories.reference, name: customerCategories.name },
      parent: { id: parentCustomers.id, reference: parentCustomers.reference, name: parentCustomers.name },
      segmentation: {
        id: customerSegmentations.id,
        reference: customerSegmentations.reference,
        name: customerSegmentations.name,
      },
      createdBy: { id: users.id, reference: users.reference },
      region: { id: regions.id, name: regions.name },
      paymentTypes: customerPaymentTypesJson,
      contacts: customerContactsJson,
    })
    .from(customers)
    .innerJoin(organizations, eq(organizations.id, customers.organizationId))
    .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .leftJoin(parentCustomers, eq(parentCustomers.id, customers.parentCustomerId))
    .leftJoin(customerSegmentations, eq(customerSegmentations.id, customers.customerSegmentationId))
    .leftJoin(users, eq(users.id, customers.createdByUserId))
    .leftJoin(regions, eq(regions.id, customers.regionId));
}

type CustomerViewRow = Awaited<ReturnType<typeof selectCustomerViews>>[number];

/**
 * The one customer a request reads or updates, by id or by reference, built
 * once (see prebuilt-query.ts): the same statement `selectCustomerViews`
 * writes for `lookupCondition`, with its values as placeholders.
 */
const byId = and(
  eq(customers.organizationId, sql.placeholder("organizationId")),
  eq(customers.id, sql.placeholder("id")),
);
const byReference = and(
  eq(customers.organizationId, sql.placeholder("organizationId")),
  eq(customers.reference, sql.placeholder("reference")),
);
const customerViewById = prebuiltSelect<CustomerViewRow, { organizationId: number; id: number }>(
  "customer_view_by_id",
  (db) => selectCustomerViews(db).where(byId).limit(1),
);
const customerViewByReference = prebuiltSelect<CustomerViewRow, { organizationId: number; reference: string }>(
  "customer_view_by_reference",
  (db) => selectCustomerViews(db).where(byReference).limit(1),
);
/** The ids travel as one JSON text: the statement's text stays the same for any number of them. */
const customerViewsByIds = prebuiltSelect<CustomerViewRow, { organizationId: number; ids: string }>(
  "customer_views_by_ids",
  (db) =>
    selectCustomerViews(db).where(
      and(
        eq(customers.organizationId, sql.placeholder("organizationId")),
        sql`${customers.id} in (select value::int from json_array_elements_text(${sql.placeholder("ids")}::text::json))`,
      ),
    ),
);
const customerForUpdateById = prebuiltSelect<CustomerViewRow, { organizationId: number; id: number }>(
  "customer_for_update_by_id",
  (db) => selectCustomerViews(db).where(byId).limit(1).for("update", { of: customers }),
);
const customerForUpdateByReference = prebuiltSelect<CustomerViewRow, { organizationId: number; reference: string }>(
  "customer_for_update_by_reference",
  (db) => selectCustomerViews(db).where(byReference).limit(1).for("update", { of: customers }),
);

/** Made from the first view's keys, the record's then the view's own (see object-template.ts). */
let customerViewTemplate: Readonly<Record<string, null>> | undefined;

function toCustomerView(row: CustomerViewRow): CustomerView {
  const c = row.customer;
  const viewOnly: Omit<CustomerView, keyof CustomerRecord> = {
    organizationSlug: row.organization.slug,
    category: row.category,
    parentCustomer: row.parent?.id != null ? row.parent : null,
    customerSegmentation: row.segmentation?.id != null ? row.segmentation : null,
    createdBy: row.createdBy?.id != null ? row.createdBy : null,
    paymentTypes: row.paymentTypes,
    region: row.region?.id != null ? row.region : null,
    contacts: row.contacts,
    pocTenus: c.pocTenus,
    isCredit: c.isCredit,
    balance: c.balance,
    maxChequePeriod: c.maxChequePeriod,
    maxChequeValue: c.maxChequeValue,
    appliedCashBackOutput: c.appliedCashBackOutput,
    returnDiscount: c.returnDiscount,
    invoicesPerRoute: c.invoicesPerRoute,
    paymentTerm: c.paymentTerm,
    version: c.version,
    dateCreated: c.dateCreated,
    lastUpdated: c.lastUpdated,
  };
  customerViewTemplate ??= objectTemplate([...customerRecordKeys, ...Object.keys(viewOnly)]);
  const record = setCustomerRecord({ ...customerViewTemplate }, c, row.paymentTypes.map((paymentType) => paymentType.id));
  return Object.assign(record, viewOnly);
}

/** The customers with everything the answers show, in the order of `ids`. */
export async function findCustomerViews(
  db: Database,
  args: { organizationId: number; ids: number[] },
): Promise<CustomerView[]> {
  if (args.ids.length === 0) return [];
  const rows = await customerViewsByIds(db, { organizationId: args.organizationId, ids: JSON.stringify(args.ids) });
  const views = new Map(rows.map((row) => [row.customer.id, toCustomerView(row)]));
  return args.ids.flatMap((id) => views.get(id) ?? []);
}

export async function findCustomerView(
  db: Database,
  args: { organizationId: number; lookup: CustomerLookup },
): Promise<CustomerView | undefined> {
  const [row] = await ("id" in args.lookup
    ? customerViewById(db, { organizationId: args.organizationId, id: args.lookup.id })
    : customerViewByReference(db, { organizationId: args.organizationId, reference: args.lookup.reference }));
  return row && toCustomerView(row);
}

export interface CustomerListItem {
  id: number;
  reference: string;
  name: string;
  isActive: boolean;
  onHold: boolean;
  categoryId: number;
  categoryName: string;
  billingCity: string | null;
  creditLimit: number | null;
  currency: string;
  lastUpdated: Date;
}

export type CustomerSortKey = "name" | "reference" | "lastUpdated" | "creditLimit";
export type CustomerSortOrder = "asc" | "desc";

/** A row's place in the list: its value of the sort column (`creditLimit` may be null) and its id. */
export interface CustomerListPosition {
  sortValue: string | number | Date | null;
  id: number;
}

/**
 * The list counts its matches up to this many: past it, the answer says "more
 * than 1,000" instead of the exact total. An exact count reads every matching
 * row (a second per broad search in an organization of a million customers);
 * a bounded one stops after this many, and an organization that small still
 * sees its exact total.
 */
export const customerListTotalLimit = 1000;

const sortColumns = {
  name: customers.name,
  reference: customers.reference,
  lastUpdated: customers.lastUpdated,
  creditLimit: customers.creditLimit,
} as const;

/** The value of the sort column of a row, as a page's positions carry it. */
export function customerListPosition(item: CustomerListItem, sort: CustomerSortKey): CustomerListPosition {
  return { sortValue: item[sort], id: item.id };
}

/**
 * The UI's customer list: search by name or reference, filters, sort and
 * paging, by offset or from a position (keyset: `after` the last row of a
 * page, `before` the first).
 *
 * The order is the sort column (null credit limits last, both ways), then the
 * id in the same direction, so that every row has one place and paging never
 * repeats nor skips one.
 *
 * Two shapes, for few matches and for many. First the matches are read up to
 * the total's bound, by whatever way PostgreSQL finds them fastest (trigram
 * indexes for a selective search, a scan that stops early for a broad one):
 * when that is all of them, they are counted and the page is cut from them in
 * the same statement. Past the bound, the page is read by walking the sort's
 * b-tree index (organization, column, id; the credit limit has one per
 * direction because of its nulls) from the position, stopping after a page:
 * a deep page costs what the first does, where OFFSET reads every row before it.
 * (Counting and reading the page side by side, on two connections, read a
 * selective search's trigram index twice: at 1,000,000 customers that took
 * twice as long as this, which costs a broad search a few milliseconds.)
 */
export async function searchCustomers(
  db: Database,
  args: {
    organizationId: number;
    search?: string;
    isActive?: boolean;
    onHold?: boolean;
    categoryId?: number;
    sort?: CustomerSortKey;
    order?: CustomerSortOrder;
    limit: number;
    /** Rows to skip; not with `after` or `before`. */
    offset?: number;
    after?: CustomerListPosition;
    before?: CustomerListPosition;
    /** The bound of the total, `customerListTotalLimit` unless a test wants a smaller one. */
    totalLimit?: number;
  },
): Promise<{
  /** The number of matching customers, or `totalLimit` when there are more (`totalIsExact` false). */
  total: number;
  totalIsExact: boolean;
  items: CustomerListItem[];
  /** Whether rows come before the first item, and after the last one. */
  hasPrevious: boolean;
  hasNext: boolean;
}> {
  const offset = args.offset ?? 0;
  if ([offset > 0, args.after, args.before].filter(Boolean).length > 1) {
    throw new Error("searchCustomers: give one of offset, after and before");
  }
  const where = customerListCondition(args.organizationId, args);

  const totalLimit = args.totalLimit ?? customerListTotalLimit;
  const sort = args.sort ?? "name";
  const order = args.order ?? "asc";
  const page: PageShape = {
    sort,
    order,
    // `before` reads backwards from the position, and the page is turned round afterwards
    reading: args.before ? (order === "asc" ? "desc" : "asc") : order,
    after: args.after,
    before: args.before,
  };
  const fetched = args.limit + 1; // one more row says whether another page follows

  // The matches up to the bound, narrow (id and sort value), counted; the page
  // cut from them, joined to its rows. One row with the count and no customer
  // when the page is empty.
  const matching = db.$with("matching").as(
    db
      .select({ id: customers.id, sortValue: sql`${sortColumns[sort]}`.as("sort_value") })
      .from(customers)
      .where(where)
      .limit(totalLimit + 1),
  );
  const inMatching = { sort: matching.sortValue, id: matching.id };
  const pageOfMatches = db.$with("page_of_matches").as(
    db
      .select({ id: matching.id, sortValue: matching.sortValue })
      .from(matching)
      .where(or(...pageSegmentsOf(page, inMatching).map((segment) => segment ?? sql`true`)))
      .orderBy(...listOrder(page, inMatching))
      .limit(fetched)
      .offset(offset),
  );
  const counted = db.select({ total: sql<number>`count(*)::int`.as("total") }).from(matching).as("counted");
  const fromMatches = await db
    .with(matching, pageOfMatches)
    .select({ total: counted.total, item: customerListItemFields })
    .from(counted)
    .leftJoin(pageOfMatches, sql`true`)
    .leftJoin(customers, eq(customers.id, pageOfMatches.id))
    .leftJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
    .orderBy(...listOrder(page, { sort: pageOfMatches.sortValue, id: pageOfMatches.id }));
  const count = Number(fromMatches[0]?.total ?? 0);
  // the left joins make every field nullable: a row with an id is a whole customer
  let rows = fromMatches.flatMap((row) => (row.item?.id != null ? [row.item as CustomerListItem] : []));

  if (count > totalLimit) {
    // more than the bound: walk the sort's index from the position
    const inTable = { sort: sortColumns[sort], id: customers.id };
    rows = [];
    for (const segment of pageSegmentsOf(page, inTable)) {
      // The walk reads the customers table alone, the page's ids and sort
      // values, and only those rows are joined to their columns and category:
      // with a join inside, a row comparison PostgreSQL misjudges (a position
      // among many equal values looks like the end of the list) could tempt
      // it to join everything and sort, as PGlite did.
      const walked = db.$with("page_of_walk").as(
        db
          .select({ id: customers.id, sortValue: sql`${sortColumns[sort]}`.as("sort_value") })
          .from(customers)
          .where(and(where, segment))
          .orderBy(...listOrder(page, inTable))
          .limit(fetched - rows.length)
          .offset(offset),
      );
      rows.push(
        ...(await db
          .with(walked)
          .select(customerListItemFields)
          .from(walked)
          .innerJoin(customers, eq(customers.id, walked.id))
          .innerJoin(customerCategories, eq(customerCategories.id, customers.categoryId))
          .orderBy(...listOrder(page, { sort: walked.sortValue, id: walked.id }))),
      );
      if (rows.length >= fetched) break;
    }
  }

  const hasMore = rows.length > args.limit;
  const items = rows.slice(0, args.limit);
  if (args.before) items.reverse();
  return {
    total: Math.min(count, totalLimit),
    totalIsExact: count <= totalLimit,
    items,
    hasPrevious: args.before ? hasMore : args.after !== undefined || offset > 0,
    hasNext: args.before ? true : hasMore,
  };
}

/** The list's search and filters: which customers of the organization it shows. */
export interface CustomerListFilter {
  search?: string;
  isActive?: boolean;
  onHold?: boolean;
  categoryId?: number;
}

function customerListCondition(organizationId: number, filter: CustomerListFilter): SQL | undefined {
  const conditions: SQL[] = [eq(customers.organizationId, organizationId)];
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.reference, pattern)) as SQL);
  }
  if (filter.isActive !== undefined) conditions.push(eq(customers.isActive, filter.isActive));
  if (filter.onHold !== undefined) conditions.push(eq(customers.onHold, filter.onHold));
  if (filter.categoryId !== undefined) conditions.push(eq(customers.categoryId, filter.categoryId));
  return and(...conditions);
}

/**
 * The customers a bulk edit names: those the list shows for `filter`, or
 * those of `ids` that are the organization's, by name then id, at most
 * `limit` (ask one more than a cap to learn that it is passed).
 */
export async function findCustomerIdsMatching(
  db: Database,
  args: { organizationId: number; filter: CustomerListFilter | { ids: readonly number[] }; limit: number },
): Promise<{ id: number; reference: string; name: string }[]> {
  const where =
    "ids" in args.filter
      ? and(eq(customers.organizationId, args.organizationId), inArray(customers.id, [...args.filter.ids]))
      : customerListCondition(args.organizationId, args.filter);
  return db
    .select({ id: customers.id, reference: customers.reference, name: customers.name })
    .from(customers)
    .where(where)
    .orderBy(customers.name, customers.id)
    .limit(args.limit);
}

const customerListItemFields = {
  id: customers.id,
  reference: customers.reference,
  name: customers.name,
  isActive: customers.isActive,
  onHold: customers.onHold,
  categoryId: customers.categoryId,
  categoryName: customerCategories.name,
  billingCity: customers.billingCity,
  creditLimit: customers.creditLimit,
  currency: customers.currency,
  lastUpdated: customers.lastUpdated,
};

interface PageShape {
  sort: CustomerSortKey;
  order: CustomerSortOrder;
  /** The direction the rows are read in: the list's, or its reverse for `before`. */
  reading: CustomerSortOrder;
  after?: CustomerListPosition;
  before?: CustomerListPosition;
}

/** The sort column and the id, in the table or in a CTE of its rows. */
interface ListColumns {
  sort: SQLWrapper;
  id: SQLWrapper;
}

/**
 * ORDER BY of the list, read in `page.reading` direction. Written exactly as
 * its index is, or PostgreSQL sorts instead of walking it: no NULLS clause for
 * the columns that hold no null (`name desc nulls last` is not the reverse of
 * the index's `name asc`), and for the credit limit, nulls last when reading
 * the list's way, first when reading it back.
 */
function listOrder(page: PageShape, columns: ListColumns): SQL[] {
  const direction = sql.raw(page.reading);
  const nulls = page.sort === "creditLimit" ? sql.raw(page.reading === page.order ? " nulls last" : " nulls first") : sql``;
  return [sql`${columns.sort} ${direction}${nulls}`, sql`${columns.id} ${direction}`];
}

/**
 * The rows of a page, as conditions to read one after the other in the order
 * of `listOrder`: a row comparison `(column, id) > (value, id)` that an index
 * scan starts from, and for the credit limit, whose nulls sort after every
 * value in both orders, the stretch of nulls as a second segment.
 */
function pageSegmentsOf(page: PageShape, columns: ListColumns): (SQL | undefined)[] {
  const position = page.after ?? page.before;
  if (!position) return [undefined];
  const { sort: column, id } = columns;
  const value = sql.param(position.sortValue, sortColumns[page.sort]);
  const positionId = sql`${position.id}::int`;
  // past the position in the reading direction: greater when reading ascending
  const forward = page.after !== undefined;
  const comparison = sql.raw(forward === (page.order === "asc") ? ">" : "<");
  if (page.sort !== "creditLimit") {
    if (position.sortValue === null) throw new Error(`searchCustomers: a ${page.sort} position needs a value`);
    return [sql`(${column}, ${id}) ${comparison} (${value}, ${positionId})`];
  }
  if (position.sortValue === null) {
    const nulls = sql`${column} is null and ${id} ${comparison} ${positionId}`;
    return forward ? [nulls] : [nulls, sql`${column} is not null`];
  }
  const values = sql`${column} is not null and (${column}, ${id}) ${comparison} (${value}, ${positionId})`;
  return forward ? [values, sql`${column} is null`] : [values];
}
