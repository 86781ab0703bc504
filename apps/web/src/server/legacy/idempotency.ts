/**
 * SPEC §5's `Idempotency-Key` on the legacy door: the first complete answer
 * to a request with a key (per organization) is kept 24 hours and replayed,
 * with its status, to every retry of the same request; the key reused for
 * another request: 422; while the first one runs, a retry waits for its
 * answer up to 10 s (`idempotencyWaitMs`), then gets 409.
 *
 * Kept in PostgreSQL (`idempotency_keys`), so that it holds across app
 * instances and restarts. A successful update stores its answer in its own
 * transaction (`beforeCommit`): a crash can never leave a write without its
 * answer, which a retry would apply a second time. A refusal (4xx) is a
 * complete answer and is kept too; a server error is not, and a retry runs the
 * request again.
 */
import { createHash } from "node:crypto";

import { AppError, errors } from "@cr/domain";
import type { Database } from "@cr/db/client";
import {
  claimIdempotencyKey,
  findIdempotencyRecord,
  type IdempotencyKeyRef,
  releaseIdempotencyKey,
  type StoredAnswer,
  storeIdempotentAnswer,
} from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { logError } from "../log";
import { recordIdempotencyReplay } from "../observability/metrics";
import { legacyErrorResponse } from "./legacy-response";
import type { LegacyForm } from "./read-legacy-form";

const ANSWER_KEPT_MS = 24 * 60 * 60_000;
/** How long a running first request holds its key against a process that died meanwhile. */
const LEASE_MS = 2 * 60_000;
/** How long a retry waits for the first request's answer before 409, unless configured. */
const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 50;

/** Visible ASCII, as header values are; a UUID or a ULID fits. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Headers of an answer that belong to its own exchange rather than to the answer. */
const UNKEPT_HEADERS = new Set(["x-request-id", "set-cookie", "date"]);

/** Stores the answer of the request that holds the key, in the caller's transaction. */
export type KeepAnswer = (tx: Database, answer: Response) => Promise<void>;

/**
 * Answers `run`'s response, once per key: `run` gets `keep` when it holds a
 * key, to store its answer inside its own transaction.
 */
export async function answerOnce(args: {
  deps: ServerDeps;
  organizationId: number;
  /** The request's `Idempotency-Key` header; null: no key, `run` runs as always. */
  key: string | null;
  fingerprint: () => string | Promise<string>;
  run: (keep?: KeepAnswer) => Promise<Response>;
}): Promise<Response> {
  const { deps, key } = args;
  if (key === null) return args.run();
  if (!KEY_PATTERN.test(key)) {
    throw errors.invalidParam("Idempotency-Key", "The Idempotency-Key header must be 1 to 255 visible ASCII characters.");
  }
  const ref = { organizationId: args.organizationId, key };
  const fingerprint = await args.fingerprint();

  const waitUntil = Date.now() + (deps.config.idempotencyWaitMs ?? DEFAULT_WAIT_MS);
  for (;;) {
    const now = deps.now();
    const claimed = await claimIdempotencyKey(deps.db, {
      ...ref,
      fingerprint,
      now,
      leaseExpiresAt: new Date(now.getTime() + LEASE_MS),
      expiresAt: new Date(now.getTime() + ANSWER_KEPT_MS),
    });
    if (claimed) return runHoldingKey(deps, ref, args.run);

    const record = await findIdempotencyRecord(deps.db, { ...ref, now });
    if (record && record.fingerprint !== fingerprint) throw errors.idempotencyKeyReused();
    if (record?.state === "answered") return replay(record.answer);
    // running (or gone since the claim: expired, released): wait and look again
    if (Date.now() >= waitUntil) throw errors.idempotencyKeyBusy();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function runHoldingKey(deps: ServerDeps, ref: IdempotencyKeyRef, run: (keep: KeepAnswer) => Promise<Response>) {
  let kept = false;
  const keep: KeepAnswer = async (tx, answer) => {
    await storeIdempotentAnswer(tx, { ...ref, answer: await toStoredAnswer(answer) });
    kept = true;
  };

  let response: Response;
  try {
    response = await run(keep);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) {
      await releaseKey(deps, ref);
      throw error;
    }
    response = legacyErrorResponse(error);
    kept = false; // a transaction that stored an answer and then refused was rolled back
  }
  if (response.status >= 500) {
    await releaseKey(deps, ref);
  } else if (!kept) {
    await storeIdempotentAnswer(deps.db, { ...ref, answer: await toStoredAnswer(response) });
  }
  return response;
}

/** A failed request gives its key up; if that fails too, the lease ends and a retry takes the key over. */
async function releaseKey(deps: ServerDeps, ref: IdempotencyKeyRef) {
  await releaseIdempotencyKey(deps.db, ref).catch((error: unknown) => logError("could not release an idempotency key", error));
}

async function toStoredAnswer(response: Response): Promise<StoredAnswer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!UNKEPT_HEADERS.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body: await response.clone().text() };
}

function replay(answer: StoredAnswer): Response {
  recordIdempotencyReplay();
  return new Response(answer.body, { status: answer.status, headers: { ...answer.headers, "idempotent-replayed": "true" } });
}

/**
 * What makes two requests the same one: method, path, and the form as read
 * (fields in order, files by name, type and content), so that a retry whose
 * multipart boundary differs is still the same request.
 */
export async function legacyRequestFingerprint(request: Request, form: LegacyForm): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([request.method, new URL(request.url).pathname, form.fields]));
  for (const [name, files] of form.files) {
    for (const file of files) {
      hash.update(JSON.stringify([name, file.name, file.type, file.size]));
      hash.update(new Uint8Array(await file.arrayBuffer()));
    }
  }
  return hash.digest("hex");
}

/** The same for a JSON body: method, path, query (`atomic`) and the body's bytes. */
export function jsonRequestFingerprint(request: Request, body: Uint8Array): string {
  const url = new URL(request.url);
  return createHash("sha256").update(JSON.stringify([request.method, url.pathname, url.search])).update(body).digest("hex");
}
