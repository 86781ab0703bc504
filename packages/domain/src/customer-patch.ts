/**
 * `CustomerPatch`: what an update may change, in the contract's parameter
 * names. It is the input of the tRPC `customer.update` procedure, the output
 * of the legacy form decoder and the schema of the web form, so that every
 * door applies the same value rules with the same words (SPEC §3).
 *
 * Every key is optional: absent means unchanged. Nullable keys take null (or
 * an empty string, after trimming) to clear the field.
 *
 * The messages live in the schema, where react-hook-form reads them. Which
 * legacy error code a refusal carries is decided once, in `errorCodeOfIssue`:
 * a wrong type (and a string longer than its column) is `invalid_param_type`,
 * an empty `name`/`reference` is `missing_param`, every other value rule is
 * `invalid_param`. Checks whose zod kind does not say it declare the code in
 * their `params`.
 */
import { z } from "zod";

import { toCountryCode } from "./countries";
import { AppError, type ErrorCode, errorTexts } from "./errors";

/** Ids are PostgreSQL `integer` columns: a larger number cannot name a row. */
export const maxRowId = 2_147_483_647;

export function isRowId(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= maxRowId;
}

/** How the legacy page names the items of `paymentTypes` in its type error. */
export const paymentTypeIdParam = "payment type id";

/** The texts of the value rules (`invalid_param`), shared with the legacy decoder and the tests. */
export const customerPatchTexts = {
  betweenBounds: (param: string, limit: number) => `${param} must be between -${limit} and ${limit}.`,
  unknownCountry: (param: string, value: string) =>
    `The country ${value} is not known: ${param} takes an ISO 3166-1 code (FR) or the country's English or French name.`,
  email: "email must be an e-mail address such as name@example.com.",
  website: "website must be an http or https address such as https://example.com.",
  customerRiskColor: "customerRiskColor must be a colour written #RGB or #RRGGBB.",
  currency: "currency must be a 3-letter ISO 4217 code such as EUR.",
  creditLimitNegative: "creditLimit must be greater than or equal to 0.",
  creditLimitTooLarge: "creditLimit must be less than 10000000000000000.",
  creditLimitDecimals: "creditLimit must have at most 2 decimal places.",
  creditLimitDigits: "creditLimit must have at most 15 significant digits: a longer amount cannot be stored exactly.",
  dueDateConfigNumber: "dueDateConfigNumber must be a whole number of days from 0 to 365.",
  dueDateConfigType: "dueDateConfigType must be 1 (daysAfterInvoiceDate) or 2 (daysAfterEndOfInvoiceMonth).",
  notAnObject: "The customer fields must be given as an object.",
} as const;

const typeError = (param: string) => ({ error: errorTexts.invalidParamType(param) });
/** For a custom check that refuses a type: its zod kind (`custom`) would otherwise read as a value rule. */
const typeRefusal = (param: string) => ({
  error: errorTexts.invalidParamType(param),
  params: { code: "invalid_param_type" satisfies ErrorCode },
});

const emptyToNull = (value: string): string | null => (value === "" ? null : value);

/**
 * PostgreSQL text cannot hold U+0000: a query carrying it fails (a 500), and
 * no stored value can contain it. Every string input refuses it as a wrong
 * type, before any other rule.
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000");
}

/** A string parameter: anything else, or a string PostgreSQL cannot store, is a wrong type. */
export function storableString(param: string) {
  return z.string(typeError(param)).refine(isStorableText, typeRefusal(param));
}

function requiredText(param: string, max: number) {
  return storableString(param)
    .trim()
    .max(max, typeError(param))
    .refine((value) => value !== "", {
      error: errorTexts.missingParam(param),
      params: { code: "missing_param" satisfies ErrorCode },
    })
    .optional();
}

function nullableText(
  param: string,
  max: number,
  rule?: { test: (value: string) => boolean; message: string; normalize?: (value: string) => string },
) {
  let text = storableString(param).trim().max(max, typeError(param));
  if (rule) text = text.refine((value) => value === "" || rule.test(value), { error: rule.message });
  const normalize = rule?.normalize ?? ((value: string) => value);
  return text
    .transform((value) => emptyToNull(normalize(value)))
    .nullable()
    .optional();
}

function isWebsite(value: string): boolean {
  // "example.com" is a website too: the scheme is added for the check only, the value is kept as typed.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return false;
  }
  // No credentials: "mailto:a@b.com" would otherwise read as user "mailto" on host "b.com".
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (url.username !== "" || url.password !== "") return false;
  const labels = url.hostname.split(".");
  return labels.length >= 2 && labels.every((label) => label !== "");
}

const emailPattern = z.regexes.email;
const colorPattern = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const currencyPattern = /^[A-Z]{3}$/;

/** A referenced object: a positive id, or the object's `reference`; digits are an id, as on the legacy page. */
function entityRef(param: string) {
  return z
    .union([z.number(), z.string()], typeError(param))
    .transform((value, ctx) => {
      if (typeof value === "string" && !isStorableText(value)) {
        ctx.issues.push({ code: "custom", input: value, message: errorTexts.invalidParamType(param), params: typeRefusal(param).params });
        return z.NEVER;
      }
      const ref = typeof value === "string" ? value.trim() : value;
      if (ref === "") return null;
      const id = typeof ref === "number" ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
      if (id === undefined) return ref as string;
      if (isRowId(id)) return id;
      ctx.issues.push({ code: "custom", input: value, message: errorTexts.invalidParamType(param), params: typeRefusal(param).params });
      return z.NEVER;
    })
    .nullable()
    .optional();
}

function rowId(param: string) {
  return z.number(typeError(param)).refine(isRowId, typeRefusal(param));
}

function coordinate(param: string, limit: number) {
  const outOfBounds = { error: customerPatchTexts.betweenBounds(param, limit) };
  return z.number(typeError(param)).min(-limit, outOfBounds).max(limit, outOfBounds).nullable().optional();
}

function country(param: string) {
  return storableString(param)
    .trim()
    // No country name is this long; the bound keeps the echoed value short.
    .max(100, typeError(param))
    .transform((value, ctx) => {
      if (value === "") return null;
      const code = toCountryCode(value);
      if (code === null) {
        ctx.issues.push({ code: "custom", input: value, message: customerPatchTexts.unknownCountry(param, value) });
        return z.NEVER;
      }
      return code;
    })
    .nullable()
    .optional();
}

/** JS prints a double with the fewest digits that read back the same: what the client sent, less trailing zeros. */
function hasAtMostTwoDecimals(value: number): boolean {
  const printed = String(value);
  if (printed.includes("e")) return Number.isInteger(value);
  return (printed.split(".")[1] ?? "").length <= 2;
}

/**
 * Money is refused rather than rounded. `creditLimit` is a numeric(18,2)
 * column, but it travels as a JS number (a double) through both doors and
 * back: a double carries every decimal of at most 15 significant digits and
 * prints it back unchanged, while with 16 or more some amounts become their
 * neighbour (1234567890123456.78 arrives as 1234567890123456.8 and was stored
 * as 1234567890123456.80). So an amount has at most 2 decimals and at most 15
 * significant digits (trailing zeros of a whole amount do not count:
 * 5000000000000000 is exact), and stays below 10^16, the column's limit.
 */
export const maxAmountSignificantDigits = 15;

/** The digits of a plain decimal text: "0012.50" has 3 significant digits and 1 decimal. */
function decimalDigits(text: string): { significant: number; decimals: number } {
  const [whole = "", fraction = ""] = text.replace(/^-/, "").split(".");
  const decimals = fraction.replace(/0+$/, "");
  const significant = `${whole}${decimals}`.replace(/^0+/, "").replace(/0+$/, "").length;
  return { significant, decimals: decimals.length };
}

function hasExactAmountDigits(value: number): boolean {
  const printed = String(value);
  // exponents print below 1e-6 and from 1e21: the decimal and upper bounds refuse those
  return printed.includes("e") || decimalDigits(printed).significant <= maxAmountSignificantDigits;
}

/**
 * For a door that receives the amount as text (the legacy form): a text with
 * more digits than a double carries is refused on those digits, since
 * `Number("0.30000000000000001")` is 0.3 and the schema could no longer see
 * what was lost. Undefined when the number holds the text exactly, and the
 * schema's rules apply.
 */
export function creditLimitTextRefusal(decimalText: string): string | undefined {
  const { significant, decimals } = decimalDigits(decimalText.trim());
  if (significant <= maxAmountSignificantDigits) return undefined;
  return decimals > 2 ? customerPatchTexts.creditLimitDecimals : customerPatchTexts.creditLimitDigits;
}

// The keys follow the order of the legacy page's parameter table; the first refusal is the first in that order.
export const CustomerPatch = z
  .object(
    {
      reference: requiredText("reference", 100),
      name: requiredText("name", 255),
      reference2: nullableText("reference2", 100),
      barcode: nullableText("barcode", 100),
      isActive: z.boolean(typeError("isActive")).optional(),
      /** null: the organization's root category. */
      categoryId: entityRef("categoryId"),
      isSubCustomer: z.boolean(typeError("isSubCustomer")).optional(),
      parentCustomerId: entityRef("parentCustomerId"),
      billWithParent: z.boolean(typeError("billWithParent")).optional(),
      customerSegmentationId: entityRef("customerSegmentationId"),
      /** The user who created the customer (`createdBy`). */
      userId: entityRef("userId"),
      isSameAddress: z.boolean(typeError("isSameAddress")).optional(),
      billingCountry: country("billingCountry"),
      billingCity: nullableText("billingCity", 255),
      billingPostalCode: nullableText("billingPostalCode", 32),
      billingAddress: nullableText("billingAddress", 1000),
      billingLat: coordinate("billingLat", 90),
      billingLng: coordinate("billingLng", 180),
      country: country("country"),
      city: nullableText("city", 255),
      postalCode: nullableText("postalCode", 32),
      address: nullableText("address", 1000),
      latitude: coordinate("latitude", 90),
      longitude: coordinate("longitude", 180),
      email: nullableText("email", 320, { test: (value) => emailPattern.test(value), message: customerPatchTexts.email }),
      phone: nullableText("phone", 64),
      mobile: nullableText("mobile", 64),
      fax: nullableText("fax", 64),
      comment: nullableText("comment", 10_000),
      website: nullableText("website", 2048, { test: isWebsite, message: customerPatchTexts.website }),
      // numeric(18,2): what cannot be stored exactly is refused rather than rounded (see maxAmountSignificantDigits).
      creditLimit: z
        .number(typeError("creditLimit"))
        .min(0, { error: customerPatchTexts.creditLimitNegative })
        .lt(1e16, { error: customerPatchTexts.creditLimitTooLarge })
        .refine(hasAtMostTwoDecimals, { error: customerPatchTexts.creditLimitDecimals })
        .refine(hasExactAmountDigits, { error: customerPatchTexts.creditLimitDigits })
        .nullable()
        .optional(),
      dueDateConfigNumber: z
        .number(typeError("dueDateConfigNumber"))
        .refine(Number.isInteger, typeRefusal("dueDateConfigNumber"))
        .min(0, { error: customerPatchTexts.dueDateConfigNumber })
        .max(365, { error: customerPatchTexts.dueDateConfigNumber })
        .nullable()
        .optional(),
      /** 1 = days after the invoice date, 2 = days after the end of the invoice month. */
      dueDateConfigType: z
        .number(typeError("dueDateConfigType"))
        .pipe(z.literal([1, 2], { error: customerPatchTexts.dueDateConfigType }))
        .nullable()
        .optional(),
      taxNumber: nullableText("taxNumber", 64),
      companyRegistrationNumber: nullableText("companyRegistrationNumber", 64),
      /** null: the organization's default currency. Whether it is configured is an update rule. */
      currency: storableString("currency")
        .trim()
        .toUpperCase()
        .refine((value) => value === "" || currencyPattern.test(value), { error: customerPatchTexts.currency })
        .transform(emptyToNull)
        .nullable()
        .optional(),
      /** The whole set of payment type ids: it replaces the stored one. */
      paymentTypes: z
        .array(rowId(paymentTypeIdParam), typeError(paymentTypeIdParam))
        .transform((ids) => [...new Set(ids)].sort((a, b) => a - b))
        .optional(),
      regionId: rowId("regionId").nullable().optional(),
      customerRisk: nullableText("customerRisk", 255),
      customerRiskColor: nullableText("customerRiskColor", 7, {
        test: (value) => colorPattern.test(value),
        message: customerPatchTexts.customerRiskColor,
        normalize: (value) => value.toUpperCase(),
      }),
      onHold: z.boolean(typeError("onHold")).optional(),
      onHoldReason: nullableText("onHoldReason", 1000),
    },
    { error: customerPatchTexts.notAnObject },
  )
  // A number of days means nothing without its kind, and the reverse: the page requires both together.
  .refine((patch) => patch.dueDateConfigType == null || patch.dueDateConfigNumber != null, {
    error: errorTexts.missingParam("dueDateConfigNumber"),
    path: ["dueDateConfigNumber"],
    params: { code: "missing_param" satisfies ErrorCode },
  });

export type CustomerPatch = z.output<typeof CustomerPatch>;
export type CustomerPatchInput = z.input<typeof CustomerPatch>;
export type CustomerPatchField = keyof typeof CustomerPatch.shape;

/** The patch's keys, in the order of the legacy page's parameter table. */
export const customerPatchFieldNames = Object.keys(CustomerPatch.shape) as readonly CustomerPatchField[];

/** The legacy error code of a refusal (see the top of this file). */
export function errorCodeOfIssue(issue: z.core.$ZodIssue): ErrorCode {
  switch (issue.code) {
    case "custom":
      return (issue.params as { code?: ErrorCode } | undefined)?.code ?? "invalid_param";
    case "invalid_type":
    case "invalid_union":
      return "invalid_param_type";
    case "too_big":
      // A string longer than its column is a wrong type for the legacy API; a number too big is a wrong value.
      return issue.origin === "string" ? "invalid_param_type" : "invalid_param";
    default:
      return "invalid_param";
  }
}

/**
 * The AppError of a refusal; `field` is the parameter (the items of
 * `paymentTypes` report `paymentTypes`). Inside a larger input, such as tRPC's
 * `{ id, patch }`, it is the first path segment that names a patch field.
 */
export function appErrorFromIssue(issue: z.core.$ZodIssue): AppError {
  const strings = issue.path.filter((segment): segment is string => typeof segment === "string");
  const param = strings.find((segment) => (customerPatchFieldNames as readonly string[]).includes(segment)) ?? strings[0];
  return new AppError(errorCodeOfIssue(issue), issue.message, { field: param });
}

/** The AppError of a zod refusal: its first issue (tRPC hands over the ZodError of the procedure's input). */
export function appErrorFromZodError(error: z.ZodError): AppError {
  const [first] = error.issues;
  return first ? appErrorFromIssue(first) : new AppError("invalid_param", customerPatchTexts.notAnObject);
}

/** Validates a patch; throws the AppError of the first refusal. */
export function parseCustomerPatch(input: unknown): CustomerPatch {
  const result = CustomerPatch.safeParse(input);
  if (result.success) return result.data;
  throw appErrorFromZodError(result.error);
}
