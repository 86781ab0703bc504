/**
 * `CustomerPatch`: what an update may change, in the contract's parameter
 * names. It is the input of the tRPC `customer.update` procedure and the
 * output of the legacy form decoder, so that every door applies the same
 * value rules with the same words (SPEC §3). The web form checks its values
 * with `CustomerFormPatch`: the same rules, worded with the fields' labels.
 * Both are built from the field table (customer-fields.ts).
 *
 * Every key is optional: absent means unchanged. Nullable keys take null (or
 * an empty string, after trimming) to clear the field.
 */
import { z } from "zod";

import { customerFieldNames, type CustomerFieldDefinition, type CustomerFieldName, customerFields, type CustomerFields } from "./customer-fields";
import { AppError, type ErrorCode } from "./errors";
import { amountTextRefusal, apiWording, type FieldWording, formWording, storableText, valueRuleTexts } from "./field-kinds";

/** How the legacy page names the items of `paymentTypes` in its type error. */
export const paymentTypeIdParam = customerFields.paymentTypes.legacy.typeErrorName;

/** The texts of the value rules (`invalid_param`) as the API words them, shared with the legacy decoder and the tests. */
export const customerPatchTexts = {
  betweenBounds: valueRuleTexts.betweenBounds,
  unknownCountry: valueRuleTexts.unknownCountry,
  email: valueRuleTexts.email("email"),
  website: valueRuleTexts.website("website"),
  customerRiskColor: valueRuleTexts.color("customerRiskColor"),
  currency: valueRuleTexts.currency("currency"),
  creditLimitNegative: valueRuleTexts.amountNegative("creditLimit"),
  creditLimitTooLarge: valueRuleTexts.amountTooLarge("creditLimit"),
  creditLimitDecimals: valueRuleTexts.amountDecimals("creditLimit"),
  creditLimitDigits: valueRuleTexts.amountDigits("creditLimit"),
  dueDateConfigNumber: valueRuleTexts.dueDateDays("dueDateConfigNumber"),
  dueDateConfigType: valueRuleTexts.dueDateKind("dueDateConfigType"),
  notAnObject: "The customer fields must be given as an object.",
} as const;

/** A string parameter: anything else, or a string PostgreSQL cannot store, is a wrong type. */
export function storableString(param: string) {
  return storableText(apiWording(param));
}

/** For the legacy form, which receives `creditLimit` as text: see `amountTextRefusal`. */
export function creditLimitTextRefusal(decimalText: string): string | undefined {
  return amountTextRefusal("creditLimit", decimalText);
}

type PatchRuleOf<P extends CustomerFieldName> = ReturnType<CustomerFields[P]["patch"]>;

/** The parameters a patch carries: every field but the picture, which travels apart. */
export type CustomerPatchField = {
  [P in CustomerFieldName]: PatchRuleOf<P> extends undefined ? never : P;
}[CustomerFieldName];

type CustomerPatchShape = { [P in CustomerPatchField]: Exclude<PatchRuleOf<P>, undefined> };

/** The patch's keys, in the order of the legacy page's parameter table. */
export const customerPatchFieldNames = customerFieldNames.filter(
  (param): param is CustomerPatchField => customerFields[param].wire !== "Multipart",
);

function patchSchema(wordingOf: (param: CustomerPatchField) => FieldWording) {
  const shape: Partial<Record<CustomerPatchField, z.ZodType>> = {};
  for (const param of customerPatchFieldNames) shape[param] = customerFields[param].patch(wordingOf(param));
  return (
    z
      .object(shape as CustomerPatchShape, { error: customerPatchTexts.notAnObject })
      // A number of days means nothing without its kind, and the reverse: the page requires both together.
      .refine((patch) => patch.dueDateConfigType == null || patch.dueDateConfigNumber != null, {
        error: wordingOf("dueDateConfigNumber").missing,
        path: ["dueDateConfigNumber"],
        params: { code: "missing_param" satisfies ErrorCode },
      })
  );
}

function apiWordingOf(param: CustomerPatchField): FieldWording {
  const field: CustomerFieldDefinition = customerFields[param];
  // Stryker disable next-line OptionalChaining: every field of the table has a `legacy` entry
  return apiWording(field.legacy?.typeErrorName ?? param);
}

/** The patch with the legacy page's texts: the API's and tRPC's input. */
export const CustomerPatch = patchSchema(apiWordingOf);

/** The same rules with the form's texts, which name each field by its label ("Billing latitude must be between -90 and 90."). */
export const CustomerFormPatch = patchSchema((param) => formWording(customerFields[param].label, customerFields[param].wire));

export type CustomerPatch = z.output<typeof CustomerPatch>;
export type CustomerPatchInput = z.input<typeof CustomerPatch>;

/** The legacy error code of a refusal (see the top of field-kinds.ts). */
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

/**
 * A refusal as the form shows it, next to its field: a missing value or a
 * wrong type in the form's words, with the field's label. Other refusals keep
 * their text, which already says what is wrong in words a person reads.
 */
export function formMessageOf(refusal: { code: ErrorCode | null; field?: string | null; message: string }): string {
  const { code, field, message } = refusal;
  if (!field || !Object.hasOwn(customerFields, field)) return message;
  const { label, wire } = customerFields[field as keyof CustomerFields];
  if (code === "missing_param") return formWording(label, wire).missing;
  if (code === "invalid_param_type") return formWording(label, wire).wrongType;
  return message;
}
