/**
 * The legacy API's answers as zod schemas. The OpenAPI document is generated
 * from them (`z.toJSONSchema`) and the tests check real answers against them,
 * so that the description and the wire cannot drift apart.
 *
 * Objects are strict (`additionalProperties: false`): SPEC §4 promises
 * exactly the page's keys, no more.
 */
import { z } from "zod";

import { errorCodes } from "./errors";
import { type CustomerFieldDefinition, customerFields } from "./customer-fields";
import {
  isShownCustomerField,
  type ShownFieldName,
  legacyApiVersions,
  legacyCustomerJsonKeys,
  type LegacyCustomerJsonKey,
  legacyDueDateConfigTypeNames,
  legacyResourcePaths,
  type LegacyResource,
} from "./legacy-json";
import { legacyCustomerListMaxLimit } from "./legacy-customer-list-query";

const RowId = z.int().min(1);

export const LegacyDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .meta({ description: "UTC, `YYYY-MM-DDTHH:MM:SSZ` (no milliseconds).", examples: ["2015-12-17T23:00:00Z"] });

const versionPattern = legacyApiVersions.map((version) => version.replace(".", "\\.")).join("|");

/** A link to an object of the API, under the version prefix of the request. */
function legacyHrefOf(resource: LegacyResource) {
  const path = legacyResourcePaths[resource];
  return z
    .string()
    .regex(new RegExp(`^/api/(?:${versionPattern})/${path}/\\d+$`))
    .meta({ description: `Relative URL of the ${resource}, with the request's version.`, examples: [`/api/v1.0/${path}/2`] });
}

function namedRefOf(resource: LegacyResource) {
  return z.strictObject({ id: RowId, reference: z.string(), name: z.string(), href: legacyHrefOf(resource) });
}

export const LegacyCustomerCategoryRef = namedRefOf("customerCategory").meta({
  description: "A customer category, linked.",
});
export const LegacyParentCustomerRef = namedRefOf("customer").meta({ description: "The parent customer, linked." });
export const LegacyCustomerSegmentationRef = namedRefOf("customerSegmentation").meta({
  description: "A customer segmentation, linked.",
});
export const LegacyPaymentTypeRef = namedRefOf("paymentType").meta({ description: "A payment type, linked." });
export const LegacyRegionRef = namedRefOf("region").meta({ description: "A region, linked." });

export const LegacyCreatedByRef = z
  .strictObject({ userId: RowId, reference: z.string(), href: legacyHrefOf("user") })
  .meta({ description: "The user who created the customer, linked." });

export const LegacyCustomerRegionRef = z
  .strictObject({ id: RowId, name: z.string(), href: legacyHrefOf("region") })
  .meta({ description: "The customer's region, linked (the page shows no reference here)." });

export const LegacyContactJson = z.strictObject({
  id: RowId,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  position: z.string().nullable(),
});

const text = () => z.string().nullable();

/** The computed keys of the output; the fields shown as stored take their kind's `answer` schema. */
const computedShape = {
  id: RowId,
  categoryReference: z.string(),
  customerCategory: LegacyCustomerCategoryRef,
  parentCustomer: LegacyParentCustomerRef.nullable(),
  customerSegmentationReference: text(),
  customerSegmentation: LegacyCustomerSegmentationRef.nullable(),
  pocTenus: z.int().nullable(),
  logo: z
    .string()
    .nullable()
    .meta({ description: "Absolute URL of the picture; `small_` or `medium_` before the file name gives the resized ones." }),
  isCredit: z.boolean().nullable(),
  balance: z.number().nullable(),
  maxChequePeriod: z.int().nullable(),
  maxChequeValue: z.number().nullable(),
  appliedCashBackOutput: z.unknown().meta({ description: "Read-only; any JSON value or null." }),
  returnDiscount: z.number().nullable(),
  invoicesPerRoute: z.int().nullable(),
  paymentTerm: text(),
  createdBy: LegacyCreatedByRef.nullable(),
  dueDateConfigType: z.enum([legacyDueDateConfigTypeNames[1], legacyDueDateConfigTypeNames[2]]).nullable(),
  paymentTypes: z.array(LegacyPaymentTypeRef).meta({ description: "Sorted by id." }),
  contacts: z.array(LegacyContactJson),
  organization: z.string().meta({ description: "The organization's slug." }),
  dateCreated: LegacyDate,
  lastUpdated: LegacyDate,
  region: LegacyCustomerRegionRef.nullable(),
} satisfies Record<Exclude<LegacyCustomerJsonKey, ShownFieldName>, z.ZodType>;

function shownFieldSchema(param: ShownFieldName): z.ZodType {
  const { answer, legacy } = customerFields[param] as CustomerFieldDefinition;
  // Stryker disable next-line OptionalChaining: every field of the table has a `legacy` entry
  return legacy?.description ? answer.meta({ description: legacy.description }) : answer;
}

const legacyCustomerShape = Object.fromEntries(
  legacyCustomerJsonKeys.map((key) => [
    key,
    isShownCustomerField(key) ? shownFieldSchema(key) : computedShape[key as keyof typeof computedShape],
  ]),
) as Record<LegacyCustomerJsonKey, z.ZodType>;

/**
 * The customer of the update and show answers (SPEC §4): every key of
 * `legacyCustomerJsonKeys`, in that order, null where empty.
 */
export const LegacyCustomerJson = z.strictObject(legacyCustomerShape).meta({
  description: `The customer, with exactly these ${legacyCustomerJsonKeys.length} keys in this order, every key present (null where empty).`,
});

export const LegacyCustomerCategoryJson = z
  .strictObject({
    id: RowId,
    reference: z.string(),
    name: z.string(),
    parent: LegacyCustomerCategoryRef.nullable().meta({ description: "The parent category; null for the root." }),
    href: legacyHrefOf("customerCategory"),
  })
  .meta({ description: "A node of the organization's customer category tree." });

export const LegacyCustomerSegmentationJson = z
  .strictObject({ id: RowId, reference: z.string(), name: z.string(), href: legacyHrefOf("customerSegmentation") })
  .meta({ description: "A customer segmentation." });

export const LegacyPaymentTypeJson = z
  .strictObject({ id: RowId, reference: z.string(), name: z.string(), href: legacyHrefOf("paymentType") })
  .meta({ description: "A payment type." });

export const LegacyRegionJson = z
  .strictObject({
    id: RowId,
    reference: z.string(),
    name: z.string(),
    level: z.int().min(1).meta({ description: "Depth in the geographic tree: 1 = country, 2 = state, ..." }),
    parent: LegacyRegionRef.nullable().meta({ description: "The enclosing region; null at level 1." }),
    href: legacyHrefOf("region"),
  })
  .meta({ description: "A geographic region." });

export const LegacyUserJson = z
  .strictObject({
    id: RowId,
    reference: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    href: legacyHrefOf("user"),
  })
  .meta({ description: "A user of the organization (never any credential)." });

const pageLink = () =>
  z
    .string()
    .nullable()
    .meta({
      description: "Relative URL of the neighbouring page (the same path and query, another offset), or null.",
      examples: ["/api/v1.0/customers?max=10&offset=10"],
    });

export const LegacyCustomerListJson = z
  .strictObject({
    paging: z.strictObject({
      total: z.int().min(0).meta({ description: "How many customers match, on every page." }),
      max: z.int().min(1).max(legacyCustomerListMaxLimit).meta({ description: "The page size applied." }),
      offset: z.int().min(0),
      previous: pageLink(),
      next: pageLink(),
    }),
    data: z.array(LegacyCustomerJson).meta({ description: "The page's customers, each as in the show answer." }),
  })
  .meta({ description: "One page of the organization's customers." });

export const LegacyErrorJson = z
  .strictObject({
    error: z.enum(errorCodes),
    error_description: z.string(),
  })
  .meta({ description: "Every failure: a code of the contract and a human-readable text, nothing else." });

export const LegacyLoginJson = z
  .strictObject({
    success: z.literal(true),
    token: z.string().meta({ description: "The session token, also set as the `JSESSIONID` cookie." }),
    user: z.strictObject({ id: RowId, reference: z.string(), email: z.string(), organization: z.string() }),
  })
  .meta({ description: "A successful legacy login." });

export const LegacyLoginForm = z.object({
  j_username: z.string().meta({ description: "The user's e-mail." }),
  j_password: z.string().meta({ description: "The user's password." }),
  ajax: z.string().optional().meta({ description: "Sent as `true` by the legacy clients; ignored." }),
});
