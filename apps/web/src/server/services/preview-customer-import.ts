/**
 * The preview of a CSV import: what each row would change (old → new) or why
 * it would be refused, with nothing written. Rows run through
 * `updateCustomers` with `preview`, a chunk at a time, each chunk a
 * transaction that is rolled back: the very rules and texts of a form save.
 * Two rows of one customer in one chunk apply one after the other, as on
 * apply; in different chunks each is shown against the stored customer.
 *
 * Most chunks take a faster way to the same answer (`previewChunkInBulk`):
 * the customers and the objects their rows name are read a chunk at a time,
 * then each row goes through the very functions of one update
 * (`resolveCustomerReferencesWith`, `applyCustomerPatch`,
 * `diffCustomerFields`), in the same order, with the same refusals. What only
 * a write shows falls back to the way above, for its chunk: a row that gives
 * a parent (the tree may change within the chunk), two rows of one customer,
 * a row that changes a reference (unique in the organization: the database
 * checks it when the row is written).
 */
import {
  type AppError,
  applyCustomerPatch,
  type CustomerRecord,
  diffCustomerFields,
  type EntityRef,
  isAppError,
  type NamedRef,
} from "@cr/domain";
import {
  type AuthenticatedUser,
  findCustomerRecordsByLookups,
  findOrganizationById,
  findReferencedObjects,
  findRootCategory,
  type Organization,
} from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { type CustomerImportOutcome, importChanges, importOutcomeOf, importRefusal, refusedImportRow } from "./customer-import-outcome";
import { customerNotFound } from "./customer-lookup";
import type { CustomerImportRow } from "./read-customer-import";
import { type ReferenceFinder, resolveCustomerReferencesWith } from "./resolve-customer-references";
import { givesParent } from "./update-customer";
import { type CustomerUpdateItem, type CustomerUpdateOutcome, updateCustomers } from "./update-customers";

/** Rows checked per transaction, preview and row-by-row apply alike. */
export const customerImportChunkRows = 500;

/** The outcomes of a chunk of rows, in row order, each chunk a transaction of its own. */
export function runCustomerImportChunk(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  rows: readonly CustomerImportRow[];
  preview: boolean;
}): Promise<CustomerImportOutcome[]> {
  return importOutcomesOfChunk(options.rows, (items) =>
    updateCustomers({
      deps: options.deps,
      actor: options.actor,
      items,
      channel: "import",
      atomic: false,
      preview: options.preview,
    }),
  );
}

/**
 * The outcomes of a chunk of rows, in row order: those of its rows' updates,
 * run by `update` (in the rows' order), and the refusals of the rows that
 * name no update.
 */
export async function importOutcomesOfChunk(
  rows: readonly CustomerImportRow[],
  update: (items: CustomerUpdateItem[]) => Promise<CustomerUpdateOutcome[]>,
): Promise<CustomerImportOutcome[]> {
  const updatable = rows.filter((row) => row.item);
  const outcomes = await update(updatable.map((row) => row.item!));
  const byRow = new Map(updatable.map((row, index) => [row.row, importOutcomeOf(row, outcomes[index]!)]));
  return rows.map((row) => byRow.get(row.row) ?? refusedImportRow(row as CustomerImportRow & { refusal: never }));
}

/** Chunks of `size` rows of `rows`, as they are read. */
export async function* chunksOf<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Ids and references among a kind of references, for one statement. */
function split(refs: Iterable<EntityRef | null | undefined>) {
  const ids = new Set<number>();
  const references = new Set<string>();
  for (const ref of refs) {
    if (typeof ref === "number") ids.add(ref);
    else if (typeof ref === "string") references.add(ref);
  }
  return { ids: [...ids], references: [...references] };
}

function byIdAndReference<T extends { id: number; reference: string }>(objects: T[]) {
  const byId = new Map(objects.map((object) => [object.id, object]));
  const byReference = new Map(objects.map((object) => [object.reference, object]));
  return (ref: EntityRef) => Promise.resolve(typeof ref === "number" ? byId.get(ref) : byReference.get(ref));
}

/** The outcomes of a chunk, from reads in bulk; undefined when the chunk needs the per-row way (see the top). */
async function previewChunkInBulk(options: {
  deps: ServerDeps;
  organization: Organization;
  rows: readonly CustomerImportRow[];
}): Promise<CustomerImportOutcome[] | undefined> {
  const { deps, organization } = options;
  const organizationId = organization.id;
  const items = options.rows.flatMap((row) => (row.item ? [{ row, ...row.item }] : []));
  if (items.some((item) => givesParent(item.patch))) return undefined;

  const lookups = split(items.map(({ lookup }) => ("id" in lookup ? lookup.id : lookup.reference)));
  const records = await findCustomerRecordsByLookups(deps.db, { organizationId, ...lookups });
  const recordsById = new Map(records.map((record) => [record.id, record]));
  const recordsByReference = new Map(records.map((record) => [record.reference, record]));
  const recordOf = (lookup: (typeof items)[number]["lookup"]): CustomerRecord | undefined =>
    "id" in lookup ? recordsById.get(lookup.id) : recordsByReference.get(lookup.reference);
  const seen = new Set<number>();
  for (const item of items) {
    const record = recordOf(item.lookup);
    if (!record) continue;
    if (seen.has(record.id)) return undefined;
    seen.add(record.id);
    if (item.patch.reference !== undefined && item.patch.reference !== record.reference) return undefined;
  }

  const patches = items.map((item) => item.patch);
  const objects = await findReferencedObjects(deps.db, {
    organizationId,
    categories: split(patches.map((patch) => patch.categoryId)),
    segmentations: split(patches.map((patch) => patch.customerSegmentationId)),
    users: split(patches.map((patch) => patch.userId)),
    regionIds: [...new Set(patches.flatMap((patch) => (patch.regionId == null ? [] : [patch.regionId])))],
    paymentTypeIds: [...new Set(patches.flatMap((patch) => patch.paymentTypes ?? []))],
  });
  const rootCategory = patches.some((patch) => patch.categoryId === null) ? await findRootCategory(deps.db, organizationId) : undefined;
  const finder: ReferenceFinder = {
    rootCategory: () => Promise.resolve(rootCategory),
    category: byIdAndReference(objects.categories),
    // no row of a bulk chunk names a parent
    customer: () => Promise.reject(new Error("previewChunkInBulk: a parent is checked by the per-row way")),
    ancestorIds: () => Promise.reject(new Error("previewChunkInBulk: a parent is checked by the per-row way")),
    segmentation: byIdAndReference(objects.segmentations),
    user: byIdAndReference(objects.users),
    region: (id) => Promise.resolve(objects.regions.find((region) => region.id === id)),
    paymentTypes: (ids) =>
      Promise.resolve(objects.paymentTypes.filter((type) => ids.includes(type.id)).sort((a, b) => a.id - b.id) as NamedRef[]),
  };

  const outcomes: CustomerImportOutcome[] = [];
  for (const row of options.rows) {
    if (!row.item) {
      outcomes.push(refusedImportRow(row as CustomerImportRow & { refusal: AppError }));
      continue;
    }
    try {
      const current = recordOf(row.item.lookup);
      if (!current) throw customerNotFound(row.item.lookup);
      const { resolved } = await resolveCustomerReferencesWith(finder, organization, row.item.patch);
      const next = applyCustomerPatch({ current, patch: row.item.patch, resolved, organization });
      const changes = importChanges(diffCustomerFields(current, next));
      outcomes.push({ row: row.row, id: row.id, status: changes.length > 0 ? "updated" : "unchanged", customerId: current.id, changes });
    } catch (error) {
      if (!isAppError(error) || error.code === "server_error") throw error;
      outcomes.push({ row: row.row, id: row.id, status: "refused", error: importRefusal(error) });
    }
  }
  return outcomes;
}

export async function previewCustomerImport(options: {
  deps: ServerDeps;
  actor: AuthenticatedUser;
  rows: AsyncIterable<CustomerImportRow>;
  /** Told each chunk's outcomes as soon as it is checked. */
  onOutcomes: (outcomes: CustomerImportOutcome[]) => void;
  chunkRows?: number;
  /** false: every chunk the per-row way (tests compare the two). */
  inBulk?: boolean;
}): Promise<void> {
  const organization = await findOrganizationById(options.deps.db, options.actor.organizationId);
  if (!organization) throw new Error(`previewCustomerImport: organization ${options.actor.organizationId} is gone`);
  for await (const chunk of chunksOf(options.rows, options.chunkRows ?? customerImportChunkRows)) {
    const inBulk = options.inBulk === false ? undefined : await previewChunkInBulk({ deps: options.deps, organization, rows: chunk });
    options.onOutcomes(inBulk ?? (await runCustomerImportChunk({ ...options, rows: chunk, preview: true })));
  }
}
