/**
 * Database faults that mean something to the product become domain errors
 * here, by SQLSTATE and constraint name, never by matching message texts.
 */
import { AppError, errors } from "@cr/domain";

const UNIQUE_VIOLATION = "23505";
/**
 * The server gave up on a transaction only because another one ran beside it;
 * the same transaction run again can succeed (PostgreSQL's docs advise that
 * applications retry these two).
 */
const SERIALIZATION_FAILURE = "40001";
const DEADLOCK_DETECTED = "40P01";
/** A table (or its schema) that does not exist. */
const UNDEFINED_TABLE = "42P01";

interface PgErrorLike {
  code?: unknown;
  /** postgres.js */
  constraint_name?: unknown;
  /** PGlite */
  constraint?: unknown;
  cause?: unknown;
}

/** Drizzle wraps driver errors (`DrizzleQueryError`); walk the cause chain to the driver's. */
function findPgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

export function uniqueViolationConstraint(error: unknown): string | undefined {
  const pgError = findPgError(error);
  if (pgError?.code !== UNIQUE_VIOLATION) return undefined;
  const name = pgError.constraint_name ?? pgError.constraint;
  return typeof name === "string" ? name : "";
}

/** Translates the customer table's unique violations; rethrows anything else untouched. */
export function toCustomerWriteError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (uniqueViolationConstraint(error) === "customers_organization_reference_unique") {
    return errors.referenceNotUnique();
  }
  return error;
}

/**
 * A deadlock or a serialization failure: the whole transaction may be run
 * again. A domain error is an answer already decided and is never retried.
 */
export function isRetryableTransactionError(error: unknown): boolean {
  if (error instanceof AppError) return false;
  const code = findPgError(error)?.code;
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
}

/** The statement named a table that does not exist (a database not migrated yet). */
export function isUndefinedTable(error: unknown): boolean {
  return findPgError(error)?.code === UNDEFINED_TABLE;
}
