/**
 * `GET /api/openapi.json`: the API's description. Public, like the page it
 * describes: no credential, no rate limit, nothing read from the database.
 */
import { legacyErrorResponse } from "./legacy-response";
import { legacyPublicRoute, methodNotAllowed } from "./legacy-route";
import { legacyOpenApiDocument } from "./openapi-document";

const OPENAPI_ROUTE = "/api/openapi.json";

export function createOpenApiHandlers() {
  return {
    GET: legacyPublicRoute(OPENAPI_ROUTE, async (): Promise<Response> => {
      try {
        return new Response(JSON.stringify(legacyOpenApiDocument()), {
          headers: {
            "content-type": "application/json;charset=UTF-8",
            // it only changes with a deployment
            "cache-control": "public, max-age=300",
            // so that API tools running in a browser on another origin can load it
            "access-control-allow-origin": "*",
          },
        });
      } catch (error) {
        return legacyErrorResponse(error, { path: OPENAPI_ROUTE });
      }
    }),
    POST: methodNotAllowed("GET", OPENAPI_ROUTE),
    PUT: methodNotAllowed("GET", OPENAPI_ROUTE),
    PATCH: methodNotAllowed("GET", OPENAPI_ROUTE),
    DELETE: methodNotAllowed("GET", OPENAPI_ROUTE),
  };
}
