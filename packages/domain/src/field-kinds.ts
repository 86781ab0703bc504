/**
 * The kinds of customer field: for each, the legacy wire type, the zod rule
 * of a patch value, what the legacy JSON shows, where the value is stored and
 * how the form edits it. `customer-fields.ts` gives every field one of these
 * kinds with its own details.
 *
 * A rule's messages come in two wordings: the API's (the legacy page's texts,
 * naming the parameter, which integrations parse) and the form's (naming the
 * label, for people). `errorCodeOfIssue` (customer-patch.ts) reads the legacy
 * error code from the zod issue, whatever the wording: a wrong type (and a
 * string longer than its column) is `invalid_param_type`, an empty
 * `name`/`reference` is `missing_param`, every other value rule is
 * `invalid_param`. Checks whose zod kind does not say it declare the code in
 * their `params`.
 */
import { z } from "zod";

import { toCountryCode } from "./countries";
import { type ErrorCode, errorTexts } from "./errors";

/** The types of the page's parameter table, as the form decoder reads them. */
export type LegacyWireType =
  | "String"
  | "Boolean"
  | "Integer"
  | "Double"
  /** A Double kept as money (numeric(18,2)): its digits are checked on the text, before a double drops any. */
  | "Amount"
  /** Digits are an internal id, anything else the object's `reference`. */
  | "Long/String"
  | "DueDateConfigType"
  | "PaymentTypes"
  /** A file part of a multipart body: the picture, handled apart from the patch. */
  | "Multipart";

/** 1 = days after the invoice date, 2 = days after the end of the invoice month. */
export type DueDateConfigType = 1 | 2;

/** How the customer form edits a field: typed text (numbers too), a checkbox, a picker, the payment type boxes, or not at all. */
export type FormControl = "text" | "number" | "checkbox" | "picker" | "paymentTypes" | "none";

/** Where a value is stored: a column of the customers table of that type, or rows of a table of its own. */
export type FieldStorage = "text" | "number" | "boolean" | "rows";

/** The words of a field's messages. */
export interface FieldWording {
  /** How a value rule's message names the field. */
  name: string;
  wrongType: string;
  tooLong: (max: number) => string;
  missing: string;
}

/** The legacy page's wording: its texts name the parameter, and a text longer than its column is a wrong type. */
export function apiWording(param: string): FieldWording {
  const wrongType = errorTexts.invalidParamType(param);
  return { name: param, wrongType, tooLong: () => wrongType, missing: errorTexts.missingParam(param) };
}

/** The form's wording: its texts name the label, as the person filling the form reads it. */
export function formWording(label: string, wire: LegacyWireType): FieldWording {
  const isNumber = wire === "Double" || wire === "Amount" || wire === "Integer" || wire === "DueDateConfigType";
  return {
    name: label,
    wrongType: isNumber ? `${label} must be a number.` : `${label} is not valid.`,
    tooLong: (max) => `${label} must be at most ${max.toLocaleString("en")} characters.`,
    missing: `${label} is required.`,
  };
}

/** The texts of the value rules (`invalid_param`), named by `name` (a parameter or a label). */
export const valueRuleTexts = {
  betweenBounds: (name: string, limit: number) => `${name} must be between -${limit} and ${limit}.`,
  unknownCountry: (name: string, value: string) =>
    `The country ${value} is not known: ${name} takes an ISO 3166-1 code (FR) or the country's English or French name.`,
  email: (name: string) => `${name} must be an e-mail address such as name@example.com.`,
  website: (name: string) => `${name} must be an http or https address such as https://example.com.`,
  color: (name: string) => `${name} must be a colour written #RGB or #RRGGBB.`,
  currency: (name: string) => `${name} must be a 3-letter ISO 4217 code such as EUR.`,
  amountNegative: (name: string) => `${name} must be greater than or equal to 0.`,
  amountTooLarge: (name: string) => `${name} must be less than 10000000000000000.`,
  amountDecimals: (name: string) => `${name} must have at most 2 decimal places.`,
  amountDigits: (name: string) =>
    `${name} must have at most 15 significant digits: a longer amount cannot be stored exactly.`,
  dueDateDays: (name: string) => `${name} must be a whole number of days from 0 to 365.`,
  dueDateKind: (name: string) => `${name} must be 1 (daysAfterInvoiceDate) or 2 (daysAfterEndOfInvoiceMonth).`,
} as const;

/** Ids are PostgreSQL `integer` columns: a larger number cannot name a row. */
export const maxRowId = 2_147_483_647;

export function isRowId(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= maxRowId;
}

/** In Unicode mode a surrogate pair is one code point: only a lone half matches (`String#isWellFormed` is ES2024). */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * PostgreSQL text cannot hold U+0000: a query carrying it fails (a 500), and
 * no stored value can contain it. Nor can UTF-8 carry a lone UTF-16 surrogate
 * (JSON's `"\ud800"`): encoded, it became a 500 or a U+FFFD stored in place
 * of what was sent. Every string input refuses both as a wrong type, before
 * any other rule.
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/** A custom check that refuses a type: its zod kind (`custom`) would otherwise read as a value rule. */
const typeRefusal = (wording: FieldWording) => ({
  error: wording.wrongType,
  params: { code: "invalid_param_type" satisfies ErrorCode },
});

/** A string: anything else, or a string PostgreSQL cannot store, is a wrong type. */
export function storableText(wording: FieldWording) {
  return z.string({ error: wording.wrongType }).refine(isStorableText, typeRefusal(wording));
}

const emptyToNull = (value: string): string | null => (value === "" ? null : value);

declare const storedValue: unique symbol;

/**
 * A kind of field. `Stored` is the type of its value in the customer record
 * (type-level only): the record's type is built from the fields' kinds.
 */
export interface FieldKind<Patch extends z.ZodType | undefined, Stored, Control extends FormControl = FormControl> {
  wire: LegacyWireType;
  /** The rule of a patch value, in the wording given; undefined for the picture, which travels apart. */
  patch: (wording: FieldWording) => Patch;
  /** The stored value as the legacy JSON shows it (for the OpenAPI document), where it shows it as stored. */
  answer: z.ZodType;
  storage: FieldStorage;
  /** The longest text the rule lets through, which its column must hold. */
  maxLength?: number;
  control: Control;
  readonly [storedValue]?: Stored;
}

/** The type of a kind's value in the customer record. */
export type StoredValueOf<Kind> = Kind extends { readonly [storedValue]?: infer Stored } ? Exclude<Stored, undefined> : never;

function kind<Patch extends z.ZodType | undefined, Stored, Control extends FormControl>(
  definition: Omit<FieldKind<Patch, Stored, Control>, typeof storedValue>,
) {
  return definition as FieldKind<Patch, Stored, Control>;
}

/** Text that cannot be cleared: an empty value is a missing parameter. */
export function requiredText(max: number) {
  return kind<ReturnType<typeof requiredTextRule>, string, "text">({
    wire: "String",
    patch: (wording) => requiredTextRule(wording, max),
    answer: z.string(),
    storage: "text",
    maxLength: max,
    control: "text",
  });
}

function requiredTextRule(wording: FieldWording, max: number) {
  return storableText(wording)
    .trim()
    .max(max, { error: wording.tooLong(max) })
    .refine((value) => value !== "", {
      error: wording.missing,
      params: { code: "missing_param" satisfies ErrorCode },
    })
    .optional();
}

export interface TextRule {
  test: (value: string) => boolean;
  message: (name: string) => string;
  /** Applied to an accepted value before it is stored. */
  normalize?: (value: string) => string;
}

/** Text that null or an empty string clears; `rule` checks a non-empty value. */
export function optionalText(max: number, rule?: TextRule) {
  return kind<ReturnType<typeof optionalTextRule>, string | null, "text">({
    wire: "String",
    patch: (wording) => optionalTextRule(wording, max, rule),
    answer: z.string().nullable(),
    storage: "text",
    maxLength: max,
    control: "text",
  });
}

function optionalTextRule(wording: FieldWording, max: number, rule?: TextRule) {
  let text = storableText(wording).trim().max(max, { error: wording.tooLong(max) });
  if (rule) text = text.refine((value) => value === "" || rule.test(value), { error: rule.message(wording.name) });
  const normalize = rule?.normalize ?? ((value: string) => value);
  return text
    .transform((value) => emptyToNull(normalize(value)))
    .nullable()
    .optional();
}

/** A yes/no field; the page's booleans cannot be cleared. */
export function flag() {
  return kind<ReturnType<typeof flagRule>, boolean, "checkbox">({
    wire: "Boolean",
    patch: flagRule,
    answer: z.boolean(),
    storage: "boolean",
    control: "checkbox",
  });
}

function flagRule(wording: FieldWording) {
  return z.boolean({ error: wording.wrongType }).optional();
}

/**
 * A referenced object: a positive id, or the object's `reference`; digits are
 * an id, as on the legacy page. The update rules resolve it in the
 * organization; the legacy JSON shows the object, not the id.
 */
export function objectReference<Stored extends number | null>() {
  return kind<ReturnType<typeof objectReferenceRule>, Stored, "picker">({
    wire: "Long/String",
    patch: objectReferenceRule,
    answer: z.int().min(1).nullable(),
    storage: "number",
    control: "picker",
  });
}

function objectReferenceRule(wording: FieldWording) {
  const refuse = (ctx: z.core.$RefinementCtx, value: unknown) =>
    ctx.issues.push({ code: "custom", input: value, message: wording.wrongType, params: typeRefusal(wording).params });
  return z
    .union([z.number(), z.string()], { error: wording.wrongType })
    .transform((value, ctx) => {
      if (typeof value === "string" && !isStorableText(value)) {
        refuse(ctx, value);
        return z.NEVER;
      }
      const ref = typeof value === "string" ? value.trim() : value;
      if (ref === "") return null;
      const id = typeof ref === "number" ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
      if (id === undefined) return ref as string;
      if (isRowId(id)) return id;
      refuse(ctx, value);
      return z.NEVER;
    })
    .nullable()
    .optional();
}

/** An internal id, a number only (the page's `Long`). */
function rowId(wording: FieldWording) {
  return z.number({ error: wording.wrongType }).refine(isRowId, typeRefusal(wording));
}

/** The region: an id only (the page types it `Long`); the update rules check its level. */
export function regionReference() {
  return kind<ReturnType<typeof regionRule>, number | null, "picker">({
    wire: "Integer",
    patch: regionRule,
    answer: z.int().min(1).nullable(),
    storage: "number",
    control: "picker",
  });
}

function regionRule(wording: FieldWording) {
  return rowId(wording).nullable().optional();
}

/** A latitude (limit 90) or longitude (limit 180) in degrees. */
export function coordinate(limit: number) {
  return kind<ReturnType<typeof coordinateRule>, number | null, "number">({
    wire: "Double",
    patch: (wording) => coordinateRule(wording, limit),
    answer: z.number().min(-limit).max(limit).nullable(),
    storage: "number",
    control: "number",
  });
}

function coordinateRule(wording: FieldWording, limit: number) {
  const outOfBounds = { error: valueRuleTexts.betweenBounds(wording.name, limit) };
  return z.number({ error: wording.wrongType }).min(-limit, outOfBounds).max(limit, outOfBounds).nullable().optional();
}

/** A country, written as its ISO 3166-1 code or its English or French name; stored as the code. */
export function country() {
  return kind<ReturnType<typeof countryRule>, string | null, "text">({
    wire: "String",
    patch: countryRule,
    answer: z.string().regex(/^[A-Z]{2}$/).nullable().meta({ description: "ISO 3166-1 alpha-2 code." }),
    storage: "text",
    // stored as the code, whatever name was written
    maxLength: 2,
    control: "text",
  });
}

function countryRule(wording: FieldWording) {
  return (
    storableText(wording)
      .trim()
      // No country name is this long; the bound keeps the echoed value short.
      .max(100, { error: wording.tooLong(100) })
      .transform((value, ctx) => {
        if (value === "") return null;
        const code = toCountryCode(value);
        if (code === null) {
          ctx.issues.push({ code: "custom", input: value, message: valueRuleTexts.unknownCountry(wording.name, value) });
          return z.NEVER;
        }
        return code;
      })
      .nullable()
      .optional()
  );
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
  // Stryker disable next-line Regex, StringLiteral: the callers pass a text that matched the form's dot decimal (a minus only in front), and split always gives a first element
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
 * For a door that receives an amount as text (the legacy form): a text with
 * more digits than a double carries is refused on those digits, since
 * `Number("0.30000000000000001")` is 0.3 and the schema could no longer see
 * what was lost. Undefined when the number holds the text exactly, and the
 * schema's rules apply.
 */
export function amountTextRefusal(name: string, decimalText: string): string | undefined {
  const { significant, decimals } = decimalDigits(decimalText.trim());
  if (significant <= maxAmountSignificantDigits) return undefined;
  return decimals > 2 ? valueRuleTexts.amountDecimals(name) : valueRuleTexts.amountDigits(name);
}

/** An amount of money, at least 0, stored exactly in a numeric(18,2) column (see maxAmountSignificantDigits). */
export function amount() {
  return kind<ReturnType<typeof amountRule>, number | null, "number">({
    wire: "Amount",
    patch: amountRule,
    answer: z.number().min(0).nullable(),
    storage: "number",
    control: "number",
  });
}

function amountRule(wording: FieldWording) {
  return z
    .number({ error: wording.wrongType })
    .min(0, { error: valueRuleTexts.amountNegative(wording.name) })
    .lt(1e16, { error: valueRuleTexts.amountTooLarge(wording.name) })
    .refine(hasAtMostTwoDecimals, { error: valueRuleTexts.amountDecimals(wording.name) })
    .refine(hasExactAmountDigits, { error: valueRuleTexts.amountDigits(wording.name) })
    .nullable()
    .optional();
}

/** The number of days of the payment term. */
export function dueDateDays() {
  return kind<ReturnType<typeof dueDateDaysRule>, number | null, "number">({
    wire: "Integer",
    patch: dueDateDaysRule,
    answer: z.int().min(0).max(365).nullable(),
    storage: "number",
    control: "number",
  });
}

function dueDateDaysRule(wording: FieldWording) {
  const outOfRange = { error: valueRuleTexts.dueDateDays(wording.name) };
  return z
    .number({ error: wording.wrongType })
    .refine(Number.isInteger, typeRefusal(wording))
    .min(0, outOfRange)
    .max(365, outOfRange)
    .nullable()
    .optional();
}

/** What the payment term counts from (see DueDateConfigType); the legacy JSON shows its name. */
export function dueDateKind() {
  return kind<ReturnType<typeof dueDateKindRule>, DueDateConfigType | null, "number">({
    wire: "DueDateConfigType",
    patch: dueDateKindRule,
    answer: z.literal([1, 2]).nullable(),
    storage: "number",
    control: "number",
  });
}

function dueDateKindRule(wording: FieldWording) {
  return z
    .number({ error: wording.wrongType })
    .pipe(z.literal([1, 2], { error: valueRuleTexts.dueDateKind(wording.name) }))
    .nullable()
    .optional();
}

/** A currency code; null or empty means the organization's default, and whether it is configured is an update rule. */
export function currencyCode() {
  return kind<ReturnType<typeof currencyRule>, string, "text">({
    wire: "String",
    patch: currencyRule,
    answer: z.string().regex(/^[A-Z]{3}$/).meta({ description: "ISO 4217 code." }),
    storage: "text",
    maxLength: 3,
    control: "text",
  });
}

const currencyPattern = /^[A-Z]{3}$/;

function currencyRule(wording: FieldWording) {
  return storableText(wording)
    .trim()
    .toUpperCase()
    .refine((value) => value === "" || currencyPattern.test(value), { error: valueRuleTexts.currency(wording.name) })
    .transform(emptyToNull)
    .nullable()
    .optional();
}

/** The whole set of payment type ids: it replaces the stored one. Stored sorted, without duplicates. */
export function paymentTypeSet() {
  return kind<ReturnType<typeof paymentTypeSetRule>, number[], "paymentTypes">({
    wire: "PaymentTypes",
    patch: paymentTypeSetRule,
    answer: z.array(z.int().min(1)),
    storage: "rows",
    control: "paymentTypes",
  });
}

function paymentTypeSetRule(wording: FieldWording) {
  return z
    .array(rowId(wording), { error: wording.wrongType })
    .transform((ids) => [...new Set(ids)].sort((a, b) => a - b))
    .optional();
}

/** The picture: a file of a multipart body, stored as a file name; it never travels in a patch. */
export function picture() {
  return kind<undefined, string | null, "none">({
    wire: "Multipart",
    patch: () => undefined,
    answer: z.string().nullable(),
    storage: "text",
    control: "none",
  });
}

/** Rules shared by several fields. */
const emailPattern = z.regexes.email;
const colorPattern = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

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

export const textRules = {
  email: { test: (value) => emailPattern.test(value), message: valueRuleTexts.email },
  website: { test: isWebsite, message: valueRuleTexts.website },
  color: { test: (value) => colorPattern.test(value), message: valueRuleTexts.color, normalize: (value) => value.toUpperCase() },
} as const satisfies Record<string, TextRule>;
