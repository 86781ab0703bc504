/**
 * The OpenAPI 3.1 description of the legacy API (SPEC §5: `GET /api/openapi.json`).
 *
 * Every schema in it is generated from zod (`z.toJSONSchema`): the answers
 * from the schemas of `@cr/domain` that the tests check real answers
 * against, the update's form fields from the page's parameter table, the
 * list's query parameters from the schema that decodes them. Only the
 * operations, their statuses and their texts are written here.
 */
import {
  customerBatchMaxItems,
  CreatedWebhookEndpointJson,
  CustomerEventJson,
  CustomerEventPage,
  errorCodes,
  type ErrorCode,
  httpStatusOfErrorCode,
  legacyApiVersions,
  LegacyContactJson,
  LegacyCreatedByRef,
  LegacyCustomerCategoryJson,
  LegacyCustomerCategoryRef,
  LegacyCustomerChangeJson,
  LegacyCustomerHistoryJson,
  LegacyCustomerHistoryParams,
  LegacyCustomerJson,
  LegacyCustomerListParams,
  CustomerExportExtraParams,
  customerCsvColumns,
  customerReferenceParameter,
  LegacyCustomerListJson,
  LegacyCustomerRegionRef,
  LegacyCustomerSegmentationJson,
  LegacyCustomerSegmentationRef,
  LegacyDate,
  LegacyErrorJson,
  LegacyLoginForm,
  LegacyLoginJson,
  type LegacyParameterDoc,
  LegacyParentCustomerRef,
  LegacyPaymentTypeJson,
  LegacyPaymentTypeRef,
  LegacyRegionJson,
  LegacyRegionRef,
  legacyResourcePaths,
  legacyUpdateParameterDocs,
  LegacyUserJson,
  NewWebhookEndpointInput,
  WebhookDeliveryJson,
  WebhookDeliveryPageJson,
  webhookDeliveriesMaxPage,
  WebhookEndpointJson,
  WebhookEndpointListJson,
} from "@cr/domain";
import { z } from "zod";

import type { RelatedObjectKind } from "../services/object-lookup";

export type JsonSchema = Record<string, unknown>;
export type OpenApiRef = { $ref: string };

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiMediaType {
  schema: JsonSchema;
  examples?: Record<string, { summary?: string; value: unknown }>;
  encoding?: Record<string, { contentType: string }>;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description?: string; schema: JsonSchema }>;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: (OpenApiParameter | OpenApiRef)[];
  requestBody?: { required?: boolean; description?: string; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse | OpenApiRef>;
}

export const openApiMethods = ["get", "post", "put", "patch", "delete"] as const;
export type OpenApiMethod = (typeof openApiMethods)[number];

export type OpenApiPathItem = { parameters?: (OpenApiParameter | OpenApiRef)[] } & Partial<
  Record<OpenApiMethod, OpenApiOperation>
>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, Record<string, unknown>>;
  };
}

function formField(doc: LegacyParameterDoc) {
  return z
    .string()
    .optional()
    .meta({
      description: [doc.description, `Page type: ${doc.pageType}.`].filter(Boolean).join(" "),
      ...(doc.examples ? { examples: [...doc.examples] } : {}),
      "x-legacy-type": doc.pageType,
    });
}

/** The page's parameters, in the page's order; the picture only travels in multipart bodies. */
function customerUpdateFields(options: { withImageFile: boolean }) {
  const parameters: [string, LegacyParameterDoc][] = Object.entries(legacyUpdateParameterDocs);
  return Object.fromEntries(
    parameters.flatMap(([name, doc]): [string, z.ZodType][] => {
      if (name !== "imageFile") return [[name, formField(doc)]];
      if (!options.withImageFile) return [];
      return [[name, z.file().optional().meta({ description: `${doc.description} Page type: ${doc.pageType}.` })]];
    }),
  );
}

const CustomerUpdateForm = z.object(customerUpdateFields({ withImageFile: false })).meta({
  description:
    "Every field is optional: absent leaves the field unchanged, an empty value clears a nullable one. " +
    "Values are strings on the wire; `x-legacy-type` is the type column of the legacy page.",
});

const CustomerUpdateMultipartForm = z
  .object(customerUpdateFields({ withImageFile: true }))
  .meta({ description: "The same fields as the form-encoded body, plus the picture `imageFile`." });

/** A batch item's parameter: the form's value, as a JSON string, number, boolean or null (or the structure of `paymentTypes`). */
function batchField(doc: LegacyParameterDoc) {
  return z
    .union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.object({ id: z.union([z.int(), z.string()]) }))])
    .optional()
    .meta({
      description: [doc.description, `Page type: ${doc.pageType}; taken as the form takes its text.`].filter(Boolean).join(" "),
      "x-legacy-type": doc.pageType,
    });
}

/**
 * A batch item names its customer by `id` or by `customerReference`, exactly
 * one (customer-naming.ts in the domain). JSON Schema says so with `oneOf`;
 * each branch lists its property, so that a validator built from the
 * document (zod's `fromJSONSchema` in the tests) reads `required` in it.
 */
const oneCustomerNaming = (["id", customerReferenceParameter] as const).map((name) => ({
  type: "object",
  properties: { [name]: {} },
  required: [name],
}));

const CustomerBatchItem = z
  .object(
    Object.fromEntries(
      Object.entries(legacyUpdateParameterDocs as Record<string, LegacyParameterDoc>).flatMap(([name, doc]): [string, z.ZodType][] => {
        if (name === "imageFile") return [];
        if (name === "id") {
          const id = z.union([z.int().min(1), z.string().min(1)]).optional().meta({
            description: "The customer: its internal id (digits) or its reference. Or give `customerReference` instead.",
          });
          const customerReference = z.union([z.string().min(1), z.number()]).optional().meta({
            description:
              "Instead of `id`: the customer's reference, even when it is all digits (an ERP's customer number). " +
              "Only names the customer: `reference` changes it.",
          });
          return [
            [name, id],
            [customerReferenceParameter, customerReference],
          ];
        }
        return [[name, batchField(doc)]];
      }),
    ),
  )
  .refine((item) => (item.id === undefined) !== (item[customerReferenceParameter] === undefined))
  .meta({
    description:
      "One customer's update: `id` or `customerReference` (exactly one), then the update form's parameters; " +
      "null clears a field, as an empty form value does.",
    oneOf: oneCustomerNaming,
  });

const CustomerBatch = z
  .object({ items: z.array(CustomerBatchItem).min(1).max(customerBatchMaxItems) })
  .meta({ description: `Up to ${customerBatchMaxItems} updates, applied in order.` });

const CustomerBatchAnswer = z
  .object({
    atomic: z.boolean(),
    items: z.array(
      z
        .object({
          status: z.int().meta({ description: "200, or the status one update would answer (400, 404...); 424 in a refused atomic batch." }),
          body: z.union([LegacyCustomerJson, LegacyErrorJson]),
        })
        .meta({ description: "One item's outcome, in the order of the request." }),
    ),
  })
  .meta({ description: "Every item's outcome, in the request's order." });

/** The generated schemas, by component name. The tests validate answers with the zod schema behind a name. */
export const legacyApiSchemas = {
  Customer: LegacyCustomerJson,
  CustomerList: LegacyCustomerListJson,
  CustomerHistory: LegacyCustomerHistoryJson,
  CustomerChange: LegacyCustomerChangeJson,
  CustomerCategory: LegacyCustomerCategoryJson,
  CustomerSegmentation: LegacyCustomerSegmentationJson,
  PaymentType: LegacyPaymentTypeJson,
  Region: LegacyRegionJson,
  User: LegacyUserJson,
  CustomerCategoryRef: LegacyCustomerCategoryRef,
  ParentCustomerRef: LegacyParentCustomerRef,
  CustomerSegmentationRef: LegacyCustomerSegmentationRef,
  PaymentTypeRef: LegacyPaymentTypeRef,
  RegionRef: LegacyRegionRef,
  CustomerRegionRef: LegacyCustomerRegionRef,
  CreatedByRef: LegacyCreatedByRef,
  Contact: LegacyContactJson,
  LegacyDate,
  Error: LegacyErrorJson,
  LoginForm: LegacyLoginForm,
  LoginSuccess: LegacyLoginJson,
  CustomerUpdateForm,
  CustomerUpdateMultipartForm,
  CustomerBatch,
  CustomerBatchAnswer,
  CustomerEvent: CustomerEventJson,
  CustomerEventPage,
  WebhookEndpoint: WebhookEndpointJson,
  CreatedWebhookEndpoint: CreatedWebhookEndpointJson,
  WebhookEndpointList: WebhookEndpointListJson,
  WebhookDelivery: WebhookDeliveryJson,
  WebhookDeliveryPage: WebhookDeliveryPageJson,
} satisfies Record<string, z.ZodType>;

export type LegacyApiSchemaName = keyof typeof legacyApiSchemas;

const schemaRef = (name: LegacyApiSchemaName): OpenApiRef => ({ $ref: `#/components/schemas/${name}` });

/** `$schema` and `$id` are for standalone JSON Schemas; inside OpenAPI they would only be noise (and `$id` with a fragment is invalid). */
function withoutStandaloneKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(legacyApiSchemas)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutStandaloneKeys(schema)]));
}

/** The export's query: the list's filters and order, its own sort, the UI list's filters and `bom`. */
function customerExportQueryShape(): Record<string, z.ZodType> {
  const { max: _max, offset: _offset, sort: _sort, ...listFilters } = LegacyCustomerListParams.shape;
  return { ...CustomerExportExtraParams.shape, ...listFilters };
}

/** The list's query parameters, from the schema that decodes them ("input": what a client sends). */
function queryParameters(shape: Record<string, z.ZodType>): OpenApiParameter[] {
  return Object.entries(shape).map(([name, schema]) => {
    const { description, ...jsonSchema } = withoutStandaloneKeys(z.toJSONSchema(schema, { io: "input" }) as JsonSchema);
    return { name, in: "query", required: false, description: description as string | undefined, schema: jsonSchema };
  });
}

/** Example texts of each error code, shown with the responses. */
const errorExamples: Record<ErrorCode, string> = {
  missing_param: "reference parameter is missing",
  invalid_param_type: "The type of parameter isActive you provided is not valid for this request.",
  invalid_param: "The customer cannot be a subcustomer of one of its own subcustomers.",
  not_unique: "reference already used",
  save_failed: "Failed to save instance.",
  not_applied: "Not applied: another item of this atomic batch was refused, so none was written.",
  exceeded_file_size: "image size should not exceed 2Mo",
  unsupported_file_type: "image format not supported.",
  unauthorized: "Full authentication is required to access this resource",
  forbidden: "Your role does not allow changing customers.",
  not_found: "The customer with the id 188911 doesn't exist.",
  method_not_allowed: "The request method is not supported.",
  payload_too_large: "The request body exceeds 3145728 bytes.",
  precondition_failed: "The customer was changed since it was read.",
  idempotency_error: "The Idempotency-Key was used with another body.",
  rate_limited: "Too many requests, retry later.",
  server_error: "Oops! Something went wrong...",
};

/** An error response whose `error` is one of `codes`, all of one status. */
function errorResponse(description: string, codes: ErrorCode[], extra: Partial<OpenApiResponse> = {}): OpenApiResponse {
  const statuses = new Set(codes.map((code) => httpStatusOfErrorCode[code]));
  if (statuses.size !== 1) throw new Error(`error codes of different statuses in one response: ${codes.join(", ")}`);
  return {
    description,
    ...extra,
    content: {
      "application/json": {
        schema: { allOf: [schemaRef("Error"), { properties: { error: { enum: codes } } }] },
        examples: Object.fromEntries(
          codes.map((code) => [code, { value: { error: code, error_description: errorExamples[code] } }]),
        ),
      },
    },
  };
}

const responseRef = (name: string): OpenApiRef => ({ $ref: `#/components/responses/${name}` });

function componentResponses(): Record<string, OpenApiResponse> {
  return {
    Unauthorized: errorResponse(
      "No credential, or a wrong, expired or revoked one (`Authorization: Bearer` or the `JSESSIONID` cookie).",
      ["unauthorized"],
    ),
    Forbidden: errorResponse(
      "The caller's role (admin, editor, viewer) or API token scope (read, write) does not allow this request: " +
        "nothing was done. A token acts with the lesser of its scope and its owner's current role.",
      ["forbidden"],
    ),
    NotFound: errorResponse(
      "An unknown version prefix, or no such object in the caller's organization. " +
        "Another organization's object is answered exactly like a missing one.",
      ["not_found"],
    ),
    MethodNotAllowed: errorResponse("Any other method on a legacy path; `Allow` lists the served ones.", ["method_not_allowed"], {
      headers: { Allow: { description: "`GET, POST` or `GET`.", schema: { type: "string" } } },
    }),
    PayloadTooLarge: errorResponse("The body exceeds the request limit (`MAX_REQUEST_BYTES`).", ["payload_too_large"]),
    RateLimited: errorResponse("Too many requests from this user (or for this login) in the current minute.", ["rate_limited"], {
      headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } } },
    }),
    ServerError: errorResponse("A fault of the server; the answer never shows it.", ["server_error"], {
      headers: {
        "X-Request-Id": {
          description: "The request's id, as on every answer: the operators find the fault by it.",
          schema: { type: "string", pattern: "^[A-Za-z0-9._:-]{1,128}$" },
        },
      },
    }),
    UpdateRefused: errorResponse(
      "A parameter is missing, of the wrong type or of a wrong value, the reference is taken, the picture is " +
        "refused, or the body is not form-encoded. Nothing was written.",
      ["missing_param", "invalid_param_type", "invalid_param", "not_unique", "save_failed", "exceeded_file_size", "unsupported_file_type"],
    ),
    UpdateNotFound: errorResponse(
      "No such customer in the caller's organization (or an unknown version prefix), a referenced object that does " +
        "not exist (category, parent, segmentation, user, payment type, region), or the customer as its own parent. " +
        "Nothing was written.",
      ["not_found"],
    ),
    ListParamRefused: errorResponse(
      "A paging, sorting or filter value of the wrong type (`invalid_param_type`: not a number, a date or a boolean; " +
        "the same parameter twice) or of a wrong value (`invalid_param`: `max` < 1, `offset` < 0, unknown `sort` or `order`).",
      ["invalid_param_type", "invalid_param"],
    ),
    HistoryParamRefused: errorResponse(
      "`max` or `offset` refused as the list refuses them: of the wrong type (`invalid_param_type`: not a whole " +
        "number, or the same parameter twice) or of a wrong value (`invalid_param`: `max` < 1, `offset` < 0).",
      ["invalid_param_type", "invalid_param"],
    ),
  };
}

const commonReadResponses = {
  "401": responseRef("Unauthorized"),
  "404": responseRef("NotFound"),
  "429": responseRef("RateLimited"),
  "500": responseRef("ServerError"),
};

function jsonResponse(description: string, schema: LegacyApiSchemaName, extra: Partial<OpenApiResponse> = {}): OpenApiResponse {
  return { description, ...extra, content: { "application/json": { schema: schemaRef(schema) } } };
}

const entityTagHeader = {
  ETag: {
    description: "The customer's version, as a strong entity tag (`\"12\"`): send it back in `If-Match` to update only that version.",
    schema: { type: "string", examples: ['"12"'] },
  },
};

function customerOperations(by: "id" | "reference"): OpenApiPathItem {
  const suffix = by === "id" ? "" : "ByReference";
  const found = by === "id" ? "by its internal id" : "by its reference (external id)";
  return {
    parameters: [parameterRef("Version"), parameterRef(by === "id" ? "CustomerId" : "Reference")],
    get: {
      operationId: `showCustomer${suffix}`,
      summary: `Show a customer, found ${found}`,
      description: "The same JSON as a successful update.",
      tags: ["Customers"],
      responses: { "200": jsonResponse("The customer.", "Customer", { headers: entityTagHeader }), ...commonReadResponses },
    },
    post: {
      operationId: `updateCustomer${suffix}`,
      summary: `Update a customer partially, found ${found}`,
      description:
        "Returns the updated customer in json format when successful. Only the fields sent change; a refused " +
        "request writes nothing. `Long/String` parameters take an internal id (digits) or the object's reference.",
      tags: ["Customers"],
      parameters: [
        {
          name: "If-Match",
          in: "header",
          required: false,
          description:
            "Optional: the `ETag` of the customer as the client last read it (several, comma-separated, or `*` for any). " +
            "When the stored version is none of them the update is refused with 412 `precondition_failed` and nothing " +
            "is written. Entity tags compare strongly: a weak one (`W/\"12\"`) never matches.",
          schema: { type: "string", examples: ['"12"'] },
        },
        {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Optional: a key of the client's (1 to 255 visible ASCII characters, e.g. a UUID) naming this request. The " +
            "first complete answer (success or refusal, not a server error) is kept 24 hours per organization and " +
            "replayed, with its status, to every retry of the same request (same path and form), marked " +
            "`Idempotent-Replayed: true`: the update is applied once. The key with another request: 422; while the " +
            "first request still runs, a retry waits up to 10 s for its answer, then gets 409.",
          schema: { type: "string", maxLength: 255, examples: ["3f1c2b7e-erp-sync-0001"] },
        },
      ],
      requestBody: {
        required: true,
        content: {
          "application/x-www-form-urlencoded": { schema: schemaRef("CustomerUpdateForm") },
          "multipart/form-data": {
            schema: schemaRef("CustomerUpdateMultipartForm"),
            encoding: { imageFile: { contentType: "image/jpeg, image/gif, image/png, image/bmp" } },
          },
        },
      },
      responses: {
        "200": jsonResponse("The customer as stored.", "Customer", {
          headers: {
            ...entityTagHeader,
            "X-Ignored-Parameters": {
              description:
                "Present when the body held parameters this endpoint does not know or never writes (a typo such as " +
                "`credtLimit`, or a read-only key such as `balance`): they were ignored, as the legacy API always did. " +
                "Their names, percent-encoded, separated by `, `; cut after 1 KiB with a trailing `...`.",
              schema: { type: "string", examples: ["credtLimit, balance"] },
            },
          },
        }),
        "400": responseRef("UpdateRefused"),
        "401": responseRef("Unauthorized"),
        "403": responseRef("Forbidden"),
        "404": responseRef("UpdateNotFound"),
        "409": errorResponse("A request with the same `Idempotency-Key` is still running: retry later.", ["idempotency_error"]),
        "412": errorResponse("`If-Match` named another version than the stored one: nothing was written.", ["precondition_failed"]),
        "422": errorResponse("The `Idempotency-Key` was used with another request.", ["idempotency_error"]),
        "413": responseRef("PayloadTooLarge"),
        "429": responseRef("RateLimited"),
        "500": responseRef("ServerError"),
      },
    },
  };
}

function customerHistoryOperations(by: "id" | "reference"): OpenApiPathItem {
  return {
    parameters: [parameterRef("Version"), parameterRef(by === "id" ? "CustomerId" : "Reference")],
    get: {
      operationId: by === "id" ? "getCustomerHistory" : "getCustomerHistoryByReference",
      summary: `List a customer's change history, found ${by === "id" ? "by its internal id" : "by its reference (external id)"}`,
      description:
        "Who changed what, newest first, a page at a time: `max` and `offset` as in the customer list (same " +
        "defaults, limits and errors), and the same `{paging, data}` answer. Each entry is one changed field of one " +
        "stored update (several entries share the update's `dateCreated`; the larger `id` is the later): the " +
        "parameter's name as the update takes it, its value before and after as text, the channel (`api`, `ui` or `import`) " +
        "and the user, linked like `createdBy`. Dates are UTC `YYYY-MM-DDTHH:MM:SSZ`, as elsewhere in this API.",
      tags: ["Customers"],
      parameters: queryParameters(LegacyCustomerHistoryParams.shape),
      responses: {
        "200": jsonResponse("One page of the history.", "CustomerHistory"),
        "400": responseRef("HistoryParamRefused"),
        ...commonReadResponses,
      },
    },
  };
}

const relatedObjectDocs: Record<RelatedObjectKind, { schema: LegacyApiSchemaName; label: string; description: string }> = {
  customerCategory: {
    schema: "CustomerCategory",
    label: "customer category",
    description: "What `customerCategory.href` links to: a node of the category tree, with its parent (null for the root).",
  },
  customerSegmentation: {
    schema: "CustomerSegmentation",
    label: "customer segmentation",
    description: "What `customerSegmentation.href` links to.",
  },
  paymentType: { schema: "PaymentType", label: "payment type", description: "What `paymentTypes[].href` links to." },
  region: {
    schema: "Region",
    label: "region",
    description: "What `region.href` links to: a node of the geographic tree, with its level and the enclosing region.",
  },
  user: {
    schema: "User",
    label: "user",
    description: "What `createdBy.href` links to: a user of the organization, never any credential.",
  },
};

function relatedObjectPaths(): Record<string, OpenApiPathItem> {
  const paths: Record<string, OpenApiPathItem> = {};
  for (const [kind, doc] of Object.entries(relatedObjectDocs) as [RelatedObjectKind, (typeof relatedObjectDocs)[RelatedObjectKind]][]) {
    const collection = legacyResourcePaths[kind];
    for (const by of ["id", "reference"] as const) {
      const path = by === "id" ? `/api/{version}/${collection}/{id}` : `/api/{version}/${collection}/reference/{reference}`;
      paths[path] = {
        parameters: [parameterRef("Version"), parameterRef(by === "id" ? "ObjectId" : "Reference")],
        get: {
          operationId: `get${doc.schema}${by === "id" ? "" : "ByReference"}`,
          summary: `Show a ${doc.label}${by === "id" ? "" : ", found by its reference"}`,
          description: doc.description,
          tags: ["Related objects"],
          responses: { "200": jsonResponse(`The ${doc.label}.`, doc.schema), ...commonReadResponses },
        },
      };
    }
  }
  return paths;
}

function parameterRef(name: string): OpenApiRef {
  return { $ref: `#/components/parameters/${name}` };
}

function componentParameters(): Record<string, OpenApiParameter> {
  return {
    Version: {
      name: "version",
      in: "path",
      required: true,
      description: "The API version. Every `href` of the answer uses the same prefix; any other value is 404 `not_found`.",
      schema: { type: "string", enum: [...legacyApiVersions] },
    },
    CustomerId: {
      name: "id",
      in: "path",
      required: true,
      description: "The customer's internal id.",
      schema: { type: "integer", minimum: 1, examples: [256] },
    },
    ObjectId: {
      name: "id",
      in: "path",
      required: true,
      description: "The object's internal id, as in the `href` of a customer answer.",
      schema: { type: "integer", minimum: 1, examples: [2] },
    },
    Reference: {
      name: "reference",
      in: "path",
      required: true,
      description: "The object's `reference` (external id), URL-encoded.",
      schema: { type: "string", examples: ["NC-3"] },
    },
  };
}

/**
 * `/api/v2.1/webhooks...` (webhook-handlers.ts): an organization's webhook
 * endpoints, for its admins signed in (a token never manages them).
 */
function webhookPaths(): Record<string, OpenApiPathItem> {
  const endpointId: OpenApiParameter = {
    name: "id",
    in: "path",
    required: true,
    description: "The webhook endpoint's id.",
    schema: { type: "integer", minimum: 1, examples: [3] },
  };
  const adminResponses = {
    "401": responseRef("Unauthorized"),
    "403": responseRef("Forbidden"),
    "429": responseRef("RateLimited"),
    "500": responseRef("ServerError"),
  };
  const notFound = errorResponse("Another version than v2.1, or no such endpoint in the caller's organization.", ["not_found"]);
  const tags = ["Webhooks"];
  return {
    "/api/{version}/webhooks": {
      parameters: [parameterRef("Version")],
      get: {
        operationId: "listWebhookEndpoints",
        summary: "List the webhook endpoints (v2.1, admins)",
        description: "Every endpoint of the organization, oldest first, without its secret: enabled or disabled, and why, and since when it fails.",
        tags,
        responses: { "200": jsonResponse("The endpoints.", "WebhookEndpointList"), "404": notFound, ...adminResponses },
      },
      post: {
        operationId: "createWebhookEndpoint",
        summary: "Create a webhook endpoint (v2.1, admins)",
        description:
          "Every event of the chosen types committed from now on is POSTed to `url`, signed per Standard Webhooks with the " +
          "answer's `secret` (shown in this answer only). The URL must be `https://` and may not name a private, loopback or " +
          "link-local address; its name's addresses are checked again at each delivery.",
        tags,
        requestBody: {
          required: true,
          content: { "application/json": { schema: withoutStandaloneKeys(z.toJSONSchema(NewWebhookEndpointInput, { io: "input" }) as JsonSchema) } },
        },
        responses: {
          "201": jsonResponse("The endpoint, with its secret.", "CreatedWebhookEndpoint", {
            headers: { Location: { description: "`/api/v2.1/webhooks/{id}`.", schema: { type: "string" } } },
          }),
          "400": errorResponse(
            "Not a JSON object, `url` or `events` missing, or refused: not an https:// URL, a private address, an unknown " +
              "event type, more than 20 endpoints.",
            ["missing_param", "invalid_param_type", "invalid_param"],
          ),
          "404": notFound,
          "413": responseRef("PayloadTooLarge"),
          ...adminResponses,
        },
      },
    },
    "/api/{version}/webhooks/{id}": {
      parameters: [parameterRef("Version"), endpointId],
      get: {
        operationId: "showWebhookEndpoint",
        summary: "Show a webhook endpoint (v2.1, admins)",
        tags,
        responses: { "200": jsonResponse("The endpoint, without its secret.", "WebhookEndpoint"), "404": notFound, ...adminResponses },
      },
      delete: {
        operationId: "deleteWebhookEndpoint",
        summary: "Delete a webhook endpoint (v2.1, admins)",
        description: "Nothing more is sent to it, not even an attempt already scheduled; its deliveries are deleted with it.",
        tags,
        responses: { "204": { description: "Deleted." }, "404": notFound, ...adminResponses },
      },
    },
    ...Object.fromEntries(
      (["enable", "disable"] as const).map((change) => [
        `/api/{version}/webhooks/{id}/${change}`,
        {
          parameters: [parameterRef("Version"), endpointId],
          post: {
            operationId: `${change}WebhookEndpoint`,
            summary: `${change === "enable" ? "Enable" : "Disable"} a webhook endpoint (v2.1, admins)`,
            description:
              change === "enable"
                ? "Sends to it again, first the events it missed while disabled, then the new ones. Its failing time starts over."
                : "Stops sending to it; it keeps its place in the feed, and sends what it missed once enabled again.",
            tags,
            responses: { "200": jsonResponse("The endpoint as it is now.", "WebhookEndpoint"), "404": notFound, ...adminResponses },
          },
        } satisfies OpenApiPathItem,
      ]),
    ),
    "/api/{version}/webhooks/{id}/test": {
      parameters: [parameterRef("Version"), endpointId],
      post: {
        operationId: "sendWebhookTestEvent",
        summary: "Send a test event to a webhook endpoint (v2.1, admins)",
        description:
          'Sends `{"id": "evt_test_...", "type": "webhook.test", "createdAt": ..., "data": {"endpointId": 3, "message": ...}}` ' +
          "at once, signed like every delivery, enabled or not, and answers the attempt once it is recorded (at most 15 s). " +
          "It is never retried and does not count for the endpoint's failing time.",
        tags,
        responses: { "200": jsonResponse("The attempt: its status code or error.", "WebhookDelivery"), "404": notFound, ...adminResponses },
      },
    },
    "/api/{version}/webhooks/{id}/deliveries": {
      parameters: [parameterRef("Version"), endpointId],
      get: {
        operationId: "listWebhookDeliveries",
        summary: "List a webhook endpoint's delivery attempts (v2.1, admins)",
        description: "Newest first, `max` at a time; follow `next` for older ones.",
        tags,
        parameters: [
          {
            name: "max",
            in: "query",
            required: false,
            description: `Attempts per page, 1 to ${webhookDeliveriesMaxPage}; 20 by default.`,
            schema: { type: "integer", minimum: 1, maximum: webhookDeliveriesMaxPage, default: 20 },
          },
          {
            name: "before",
            in: "query",
            required: false,
            description: "Only attempts older than this attempt id (the previous page's last).",
            schema: { type: "integer", minimum: 1 },
          },
        ],
        responses: {
          "200": jsonResponse("A page of attempts.", "WebhookDeliveryPage"),
          "400": errorResponse("`max` or `before` not a whole number (or given twice), or `max` out of range.", ["invalid_param_type", "invalid_param"]),
          "404": notFound,
          ...adminResponses,
        },
      },
    },
    "/api/{version}/webhooks/{id}/deliveries/{deliveryId}/retry": {
      parameters: [
        parameterRef("Version"),
        endpointId,
        { name: "deliveryId", in: "path", required: true, description: "A failed attempt's id.", schema: { type: "integer", minimum: 1 } },
      ],
      post: {
        operationId: "retryWebhookDelivery",
        summary: "Send a failed delivery again (v2.1, admins)",
        description:
          "The attempt must have failed, and its event not been delivered since. Its next attempt is made due now, or one more " +
          "attempt is added, due now (sent within about a second while the endpoint is enabled).",
        tags,
        responses: {
          "202": jsonResponse("The attempt scheduled.", "WebhookDelivery"),
          "400": errorResponse("The attempt did not fail, its event was delivered since, or is being sent.", ["invalid_param"]),
          "404": errorResponse("Another version than v2.1, or no such endpoint or attempt in the caller's organization.", ["not_found"]),
          ...adminResponses,
        },
      },
    },
  };
}

function describeErrorCodes(): string {
  const byStatus = [...errorCodes].sort((a, b) => httpStatusOfErrorCode[a] - httpStatusOfErrorCode[b]);
  const rows = byStatus.map((code) => `| ${httpStatusOfErrorCode[code]} | \`${code}\` |`);
  return ["| status | error |", "|---|---|", ...rows].join("\n");
}

function buildDocument(): OpenApiDocument {
  return {
    openapi: "3.1.1",
    info: {
      title: "Customer records: legacy REST API",
      version: "1.0.0",
      description: [
        "The legacy contract that ERP syncs, scripts and mobile apps were written against: form-encoded updates " +
          "and JSON answers, every name, type, status and error code kept exactly.",
        "",
        `Paths start with \`/api/{version}\`, where version is ${legacyApiVersions.map((v) => `\`${v}\``).join(" or ")}. ` +
          "Every call needs `Authorization: Bearer <api token>` or the `JSESSIONID` cookie of `POST /j_spring_security_check`, " +
          "and sees only the caller's organization: another organization's object is answered exactly like a missing one.",
        "",
        "Every failure is `{\"error\": \"<code>\", \"error_description\": \"<text>\"}` and nothing else, with these statuses " +
          "(a 500 never shows the fault):",
        "",
        describeErrorCodes(),
        "",
        "`precondition_failed` and `idempotency_error` belong to the opt-in extensions (`If-Match`, `Idempotency-Key`), " +
          "which no operation below offers yet.",
        "",
        "Every answer carries `X-Request-Id`: the one the request sent, if it is 1 to 128 characters of letters, " +
          "digits and `._:-`, otherwise a new one. The server's log lines for that request carry it too. A client " +
          "that sends `X-Request-Id` also finds the id in a 500's `error_description` " +
          "(`Oops! Something went wrong... (request id: <id>)`), for its users to quote; one that sends none gets " +
          "the contract's text unchanged.",
      ].join("\n"),
    },
    tags: [
      { name: "Customers", description: "Show, update and list customers." },
      { name: "Related objects", description: "The objects that a customer answer links to with an `href`." },
      { name: "Events", description: "What changed, for integrations that listen: the change feed." },
      {
        name: "Webhooks",
        description:
          "Endpoints that every event is POSTed to, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, " +
          "`webhook-signature`), retried with backoff; for the organization's admins, signed in.",
      },
      { name: "Authentication", description: "The legacy cookie login." },
      { name: "Documentation", description: "This document." },
    ],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths: {
      "/j_spring_security_check": {
        post: {
          operationId: "login",
          summary: "Sign in (legacy cookie login)",
          description:
            "Opens a session. The same 401 answers a wrong password and an unknown e-mail, in the same time. " +
            "Attempts are rate-limited per e-mail.",
          tags: ["Authentication"],
          security: [],
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": { schema: schemaRef("LoginForm") },
              "multipart/form-data": { schema: schemaRef("LoginForm") },
            },
          },
          responses: {
            "200": jsonResponse("Signed in.", "LoginSuccess", {
              headers: {
                "Set-Cookie": {
                  description: "`JSESSIONID=<token>; Path=/; HttpOnly; SameSite=Lax`",
                  schema: { type: "string" },
                },
              },
            }),
            "400": errorResponse("The body is not form-encoded.", ["invalid_param_type"]),
            "401": errorResponse("Bad credentials (also a missing field).", ["unauthorized"]),
            "413": responseRef("PayloadTooLarge"),
            "429": responseRef("RateLimited"),
            "500": responseRef("ServerError"),
          },
        },
      },
      "/api/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This OpenAPI description",
          tags: ["Documentation"],
          security: [],
          responses: {
            "200": {
              description: "The OpenAPI 3.1 document.",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
      "/api/{version}/customers": {
        parameters: [parameterRef("Version")],
        get: {
          operationId: "listCustomers",
          summary: "List customers, a page at a time",
          description:
            "The organization's customers, filtered, sorted and paged. Each item of `data` is exactly the customer " +
            "of the show answer. Follow `paging.next` until it is null to read every customer once.",
          tags: ["Customers"],
          parameters: queryParameters(LegacyCustomerListParams.shape),
          responses: {
            "200": jsonResponse("One page.", "CustomerList"),
            "400": responseRef("ListParamRefused"),
            ...commonReadResponses,
          },
        },
      },
      "/api/{version}/events": {
        parameters: [parameterRef("Version")],
        get: {
          operationId: "listCustomerEvents",
          summary: "The change feed: every committed change of a customer, oldest first (v2.1)",
          description:
            "Only under `/api/v2.1`. One `customer.updated` event per committed change, from any door (form POST, tRPC, " +
            "batch item, bulk edit, import row, a new logo); none for a refused or no-change update. A reader sends each " +
            "answer's `cursor` as the next `after` and sees every event exactly once, in commit order, even while writers " +
            "run: an event is served once every transaction older than it has ended. Events are kept `EVENT_RETENTION_DAYS` " +
            "(30 by default). The same JSON is a webhook's body.",
          tags: ["Events"],
          parameters: [
            {
              name: "after",
              in: "query",
              required: false,
              description: "The `cursor` of an earlier answer; without it, the feed starts at the oldest kept event.",
              schema: { type: "string" },
            },
            {
              name: "max",
              in: "query",
              required: false,
              description: "Events per page, 1 to 500; 100 by default.",
              schema: { type: "integer", minimum: 1, maximum: 500, default: 100 },
            },
          ],
          responses: {
            "200": jsonResponse("A page of events and where to read on.", "CustomerEventPage"),
            "400": errorResponse("`after` is not a cursor of this feed, or `max` is not a whole number (`invalid_param_type`), or out of range (`invalid_param`).", [
              "invalid_param_type",
              "invalid_param",
            ]),
            "401": responseRef("Unauthorized"),
            "404": errorResponse("Another version than v2.1.", ["not_found"]),
            "429": responseRef("RateLimited"),
            "500": responseRef("ServerError"),
          },
        },
      },
      "/api/{version}/customers/batch": {
        parameters: [parameterRef("Version")],
        post: {
          operationId: "updateCustomersInBatch",
          summary: "Update up to 500 customers in one request (v2.1)",
          description:
            "Only under `/api/v2.1`. Each item names its customer by `id` (digits: its internal id, else its reference) " +
            "or by `customerReference` (its reference, even all digits); both is a 400 `invalid_param`, neither a 400 " +
            "`missing_param`. Each item is refused or accepted exactly as the same update form POST would be, " +
            "with the same texts. With `atomic=true` every item is written or none (the accepted items of a refused " +
            "batch answer 424 `not_applied`); otherwise each item stands alone. Items apply in order, so two items of " +
            "one customer apply one after the other. `Idempotency-Key` covers the whole batch, as for one update.",
          tags: ["Customers"],
          parameters: [
            {
              name: "atomic",
              in: "query",
              required: false,
              description: "`true`: all items or none. `false` (the default): each item alone.",
              schema: { type: "string", enum: ["true", "false"] },
            },
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description: "As for one update: the batch's first complete answer is replayed to every retry of the same batch.",
              schema: { type: "string", maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: { "application/json": { schema: schemaRef("CustomerBatch") } } },
          responses: {
            "200": jsonResponse("Every item's outcome.", "CustomerBatchAnswer"),
            "400": errorResponse("Not a batch: not JSON, no items, more than 500, or `atomic` not a boolean.", [
              "invalid_param_type",
              "missing_param",
              "invalid_param",
            ]),
            "401": responseRef("Unauthorized"),
            "403": responseRef("Forbidden"),
            "404": errorResponse("Another version than v2.1.", ["not_found"]),
            "409": errorResponse("A request with the same `Idempotency-Key` is still running: retry later.", ["idempotency_error"]),
            "422": errorResponse("The `Idempotency-Key` was used with another request.", ["idempotency_error"]),
            "413": responseRef("PayloadTooLarge"),
            "429": responseRef("RateLimited"),
            "500": responseRef("ServerError"),
          },
        },
      },
      "/api/{version}/customers.csv": {
        parameters: [parameterRef("Version")],
        get: {
          operationId: "exportCustomers",
          summary: "Export customers as CSV",
          description:
            "Every customer the filters match, not a page, streamed as CSV (UTF-8): a header row of parameter names, `id` " +
            "then every parameter of the update but `imageFile`, and one row per customer with each value as the update's " +
            "form takes it (`true`/`false`, dot decimals, references and the region as ids, `paymentTypes` as " +
            '`[{"id":7}]`, an empty cell for none), so that the file imports back unchanged. A text a spreadsheet would ' +
            "run as a formula (starting, after any leading `'`, with `=`, `+`, `-`, `@`, a tab, a carriage return or a " +
            "full-width `＝＋－＠`) gets one more leading `'`, which the import takes off; a number such as `-33.5` does " +
            "not. Takes the list filters and the UI list's (`search`, `onHold`, `categoryId`); `max` and `offset` are ignored.",
          tags: ["Customers"],
          parameters: queryParameters(customerExportQueryShape()),
          responses: {
            "200": {
              description: "The customers, as CSV.",
              content: { "text/csv": { schema: { type: "string", examples: [`${customerCsvColumns.join(",")}\n`] } } },
            },
            "400": responseRef("ListParamRefused"),
            ...commonReadResponses,
          },
        },
      },
      "/api/{version}/customers/{id}": customerOperations("id"),
      "/api/{version}/customers/reference/{reference}": customerOperations("reference"),
      "/api/{version}/customers/{id}/history": customerHistoryOperations("id"),
      "/api/{version}/customers/reference/{reference}/history": customerHistoryOperations("reference"),
      ...relatedObjectPaths(),
      ...webhookPaths(),
    },
    components: {
      schemas: componentSchemas(),
      parameters: componentParameters(),
      responses: componentResponses(),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An API token (`pnpm cli token:create`), for integrations.",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "JSESSIONID",
          description: "The session of `POST /j_spring_security_check`.",
        },
      },
    },
  };
}

let document: OpenApiDocument | undefined;

/** Built once per process: it only changes with the code. */
export function legacyOpenApiDocument(): OpenApiDocument {
  document ??= buildDocument();
  return document;
}
