/**
 * `POST /api/v2.1/customers/batch`: up to 500 customer updates in one
 * request, for integrations that push thousands of changes a night.
 *
 * Body: `{"items": [{"id": 256, "creditLimit": 6000, "onHold": true}, ...]}`.
 * Each item names its customer by `id` (digits: the internal id, anything
 * else: its reference, as the form's `id` does) or by `customerReference`
 * (always its reference, digits too: `{"customerReference": "10025"}`),
 * exactly one of them (customer-naming.ts in the domain), and carries the
 * update form's parameters, with the form's names. A value is taken as the
 * form would take its text: a JSON string as it is, a number or a boolean as
 * written (`6000`, `true`), null as an empty value (it clears the field), and
 * `paymentTypes` as its structure (`[{"id": 7}]`). So an item is refused or
 * accepted exactly as the same form POST would be, with the same texts.
 *
 * `?atomic=true` writes all items or none; otherwise each item stands alone.
 * The answer is 200 with one entry per item, in order:
 * `{"atomic": false, "items": [{"status": 200, "body": <customer>},
 * {"status": 400, "body": {"error": ..., "error_description": ...}}]}`; in a
 * refused atomic batch, the accepted items answer 424 `not_applied`. A
 * refusal of the request itself (not JSON, too many items) is the usual
 * error answer. `Idempotency-Key` covers the whole batch.
 */
import {
  AppError,
  batchItemCustomerReference,
  batchItemFormFields,
  customerBatchMaxItems,
  customerNamingOf,
  decodeLegacyCustomerForm,
  errors,
  isAppError,
  type LegacyApiVersion,
  toLegacyCustomerJson,
} from "@cr/domain";

import type { ServerDeps } from "../deps";
import { customerLookupFromNaming } from "../services/customer-lookup";
import { readRequestBody } from "../read-request-body";
import { type CustomerUpdateItem, type CustomerUpdateOutcome, updateCustomers } from "../services/update-customers";
import { answerOnce, jsonRequestFingerprint } from "./idempotency";
import { legacyErrorBody, legacyJson } from "./legacy-response";
import { legacyApiRoute, methodNotAllowed } from "./legacy-route";

const BATCH_ROUTE = "/api/{version}/customers/batch";

/** The API version that introduced the batch. */
const BATCH_API_VERSION: LegacyApiVersion = "v2.1";

/** An item that could not become an update (not an object, no customer or two, a refused value). */
type DecodedItem = { update: CustomerUpdateItem } | { refusal: AppError };

export function createLegacyCustomerBatchHandlers(getDeps: () => Promise<ServerDeps>) {
  return {
    POST: legacyApiRoute<{ version: string }>(getDeps, BATCH_ROUTE, async ({ request, deps, user, apiVersion, query }) => {
      if (apiVersion !== BATCH_API_VERSION) throw errors.notFound("customer", "batch");
      const atomic = readAtomic(query.get("atomic"));
      assertJsonContent(request.headers.get("content-type"));
      const body = await readRequestBody(request, deps.config.maxRequestBytes);
      return answerOnce({
        deps,
        organizationId: user.organizationId,
        key: request.headers.get("idempotency-key"),
        fingerprint: () => jsonRequestFingerprint(request, body),
        run: async (keep) => {
          const decoded = readBatchItems(body).map(decodeBatchItem);
          const updates = decoded.flatMap((item) => ("update" in item ? [item.update] : []));
          const refusedBeforeRules = decoded.length !== updates.length;
          const answer = (outcomes: CustomerUpdateOutcome[]) =>
            legacyJson({
              atomic,
              items: mergeOutcomes(decoded, outcomes, atomic && refusedBeforeRules).map((outcome) =>
                outcome.status === "updated"
                  ? { status: 200, body: toLegacyCustomerJson(outcome.customer, { apiVersion, baseUrl: deps.config.publicBaseUrl }) }
                  : { status: outcome.error.status, body: legacyErrorBody(outcome.error) },
              ),
            });
          const outcomes = await updateCustomers({
            deps,
            actor: user,
            items: updates,
            channel: "api",
            atomic,
            // an atomic batch with an item refused before the rules writes nothing: the others are only checked
            preview: atomic && refusedBeforeRules,
            beforeCommit: keep && ((tx, written) => keep(tx, answer(written))),
          });
          return answer(outcomes);
        },
      });
    }),
    GET: methodNotAllowed("POST", BATCH_ROUTE),
    PUT: methodNotAllowed("POST", BATCH_ROUTE),
    PATCH: methodNotAllowed("POST", BATCH_ROUTE),
    DELETE: methodNotAllowed("POST", BATCH_ROUTE),
  };
}

/** `application/json`, in UTF-8 if a charset is named (the webhooks' bodies too). */
export function assertJsonContent(contentType: string | null) {
  const [mediaType, ...parameters] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith("charset="))?.slice("charset=".length);
  if (mediaType !== "application/json" || (charset !== undefined && charset !== "utf-8")) {
    throw new AppError("invalid_param_type", "The request content type is not supported: send application/json.");
  }
}

function readAtomic(value: string | null): boolean {
  if (value === null || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw errors.invalidParamType("atomic");
}

function readBatchItems(body: Uint8Array): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new AppError("invalid_param_type", "The request body must be JSON: {\"items\": [...]}.", { field: "items" });
  }
  const items = (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw errors.invalidParamType("items");
  if (items.length === 0) throw errors.missingParam("items");
  if (items.length > customerBatchMaxItems) {
    throw errors.invalidParam("items", `A batch holds at most ${customerBatchMaxItems} items; this one has ${items.length}.`);
  }
  return items;
}

function decodeBatchItem(item: unknown): DecodedItem {
  try {
    if (typeof item !== "object" || item === null || Array.isArray(item)) throw errors.invalidParamType("items");
    const fields = item as Record<string, unknown>;
    const { patch, bodyId } = decodeLegacyCustomerForm(batchItemFormFields(fields));
    // neither `id` nor `customerReference`: today's "id parameter is missing"; both: invalid_param naming both
    const naming = customerNamingOf({ id: bodyId, customerReference: batchItemCustomerReference(fields) });
    return { update: { lookup: customerLookupFromNaming(naming), patch } };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { refusal: error };
  }
}

/** Every item's outcome in order: its refusal before the rules, or what the rules made of it. */
function mergeOutcomes(decoded: DecodedItem[], outcomes: CustomerUpdateOutcome[], rolledBack: boolean): CustomerUpdateOutcome[] {
  let next = 0;
  return decoded.map((item): CustomerUpdateOutcome => {
    if ("refusal" in item) return { status: "refused", error: item.refusal };
    const outcome = outcomes[next++]!;
    return rolledBack && outcome.status === "updated" ? { status: "notApplied", error: errors.notAppliedInAtomicBatch() } : outcome;
  });
}
