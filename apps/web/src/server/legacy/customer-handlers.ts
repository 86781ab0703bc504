/**
 * POST (partial update) and GET (show) of one customer on the legacy API, by
 * internal id or by reference. Thin: decode the form into the typed patch,
 * call the service, map the answer.
 */
import { type CustomerView, decodeLegacyCustomerForm, errors, toLegacyCustomerJson } from "@cr/domain";
import type { CustomerLookup } from "@cr/db/repositories";

import type { ServerDeps } from "../deps";
import { customerEntityTag, versionsOfIfMatch } from "./entity-tags";
import { answerOnce, legacyRequestFingerprint } from "./idempotency";
import { customerLookupFromPath } from "../services/customer-lookup";
import { getCustomer } from "../services/get-customer";
import { updateCustomer } from "../services/update-customer";
import { legacyJson } from "./legacy-response";
import { byIdOrReference, legacyApiRoute, methodNotAllowed } from "./legacy-route";
import { readLegacyForm } from "./read-legacy-form";

/** Longest `X-Ignored-Parameters` value: a body of thousands of unknown names must not make a huge header. */
const IGNORED_PARAMETERS_HEADER_MAX = 1024;

/**
 * `X-Ignored-Parameters`: the body's parameters that the contract does not
 * know or never writes (a typo such as `credtLimit`), comma-separated and
 * percent-encoded (a header carries ASCII only), cut at 1 KiB with a
 * trailing `...`. Absent when nothing was ignored, so an old client sees the
 * answer it always saw.
 */
export function ignoredParametersHeader(names: string[]): Record<string, string> {
  if (names.length === 0) return {};
  let value = "";
  for (const name of new Set(names)) {
    const next = value === "" ? encodeURIComponent(name) : `${value}, ${encodeURIComponent(name)}`;
    if (next.length > IGNORED_PARAMETERS_HEADER_MAX) return { "x-ignored-parameters": `${value}, ...` };
    value = next;
  }
  return { "x-ignored-parameters": value };
}

type CustomerPathParams = { version: string } & ({ id: string } | { reference: string });

function lookupOrNotFound(params: CustomerPathParams): CustomerLookup {
  return customerLookupFromPath("reference" in params ? { reference: params.reference } : { id: params.id });
}

export function createLegacyCustomerHandlers<Params extends CustomerPathParams>(getDeps: () => Promise<ServerDeps>) {
  const route = byIdOrReference("customers");
  return {
    GET: legacyApiRoute<Params>(getDeps, route, async ({ params, deps, user, apiVersion }) => {
      const customer = await getCustomer({ deps, actor: user, lookup: lookupOrNotFound(params) });
      return legacyJson(toLegacyCustomerJson(customer, { apiVersion, baseUrl: deps.config.publicBaseUrl }), {
        headers: { etag: customerEntityTag(customer.version) },
      });
    }),

    POST: legacyApiRoute<Params>(getDeps, route, async ({ request, params, deps, user, apiVersion }) => {
      const lookup = lookupOrNotFound(params);
      const form = await readLegacyForm(request, deps.config.maxRequestBytes);
      return answerOnce({
        deps,
        organizationId: user.organizationId,
        key: request.headers.get("idempotency-key"),
        fingerprint: () => legacyRequestFingerprint(request, form),
        run: async (keep) => {
          const { patch, bodyId, ignoredParameters } = decodeLegacyCustomerForm(form.fields);
          const ignoredFileParts = [...form.files.keys()].filter((name) => name !== "imageFile");

          const imageFiles = form.files.get("imageFile") ?? [];
          if (imageFiles.length > 1) throw errors.invalidParamType("imageFile");
          const imageFile = imageFiles[0];
          const picture = imageFile
            ? { fileName: imageFile.name, bytes: new Uint8Array(await imageFile.arrayBuffer()) }
            : undefined;

          const answer = (customer: CustomerView) =>
            legacyJson(toLegacyCustomerJson(customer, { apiVersion, baseUrl: deps.config.publicBaseUrl }), {
              headers: {
                etag: customerEntityTag(customer.version),
                ...ignoredParametersHeader([...ignoredParameters, ...ignoredFileParts]),
              },
            });
          const customer = await updateCustomer({
            deps,
            actor: user,
            lookup,
            patch,
            picture,
            bodyId,
            expectedVersions: versionsOfIfMatch(request.headers.get("if-match")),
            channel: "api",
            beforeCommit: keep && ((tx, written) => keep(tx, answer(written))),
          });
          return answer(customer);
        },
      });
    }),

    PUT: methodNotAllowed("GET, POST", route),
    PATCH: methodNotAllowed("GET, POST", route),
    DELETE: methodNotAllowed("GET, POST", route),
  };
}
