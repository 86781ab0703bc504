/**
 * Between the stored customer and the form: what the inputs hold (text as
 * typed, picked options with their labels), and the patch a save sends.
 *
 * The form's field names are the contract's parameter names, so a refusal
 * (the shared `CustomerFormPatch` schema's in the browser, the server's
 * `error.data.field`) lands on the field of the same name.
 *
 * A save sends only what changed, checked by the same `CustomerPatch` schema
 * as the server: a stored value that today's rules would refuse (written by
 * an older integration) does not stop the staff from saving another field.
 */
import {
  type CustomerFieldDefinition,
  type CustomerFieldEditedAs,
  customerFieldNames,
  customerFields,
  customerFieldsEditedAs,
  CustomerFormPatch,
  type CustomerPatchInput,
  type CustomerView,
} from "@cr/domain";
import { z } from "zod";

import type { ComboboxOption } from "../ui/combobox";

// From the field table: each field's `control` says how the form edits it.
const textFields = customerFieldsEditedAs("text");
/** Numbers are typed as text: the schema, not the browser, says what is wrong with "12,5". */
const numberFields = customerFieldsEditedAs("number");
const booleanFields = customerFieldsEditedAs("checkbox");
const pickerFields = customerFieldsEditedAs("picker");

export type TextFieldName = CustomerFieldEditedAs<"text" | "number">;
export type BooleanFieldName = CustomerFieldEditedAs<"checkbox">;
export type PickerFieldName = CustomerFieldEditedAs<"picker">;

export type CustomerFormValues = Record<TextFieldName, string> &
  Record<BooleanFieldName, boolean> &
  Record<PickerFieldName, ComboboxOption | null> & { paymentTypes: number[] };

export type CustomerFormField = keyof CustomerFormValues;

const formFields: ReadonlySet<string> = new Set([
  ...textFields,
  ...numberFields,
  ...booleanFields,
  ...pickerFields,
  "paymentTypes",
]);

export function isCustomerFormField(name: string): name is CustomerFormField {
  return formFields.has(name);
}

/** With "same as billing", the server copies these from the billing address. */
const shippingFields = customerFieldNames.filter((name) => (customerFields[name] as CustomerFieldDefinition).sameAsBilling);

const option = (ref: { id: number; name: string; reference?: string } | null): ComboboxOption | null =>
  ref && { id: ref.id, label: ref.name, detail: ref.reference };

export function toFormValues(customer: CustomerView): CustomerFormValues {
  const values = {
    paymentTypes: customer.paymentTypeIds,
    categoryId: option(customer.category),
    parentCustomerId: option(customer.parentCustomer),
    customerSegmentationId: option(customer.customerSegmentation),
    regionId: option(customer.region),
  } as CustomerFormValues;
  for (const name of textFields) values[name] = customer[name] ?? "";
  for (const name of numberFields) values[name] = customer[name] === null ? "" : String(customer[name]);
  for (const name of booleanFields) values[name] = customer[name];
  return values;
}

/**
 * A decimal with a dot, as the legacy API takes it. Anything else becomes
 * NaN, which the schema refuses with the contract's own type error.
 */
function readNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function isUnchanged(value: unknown, baseline: unknown): boolean {
  if (Array.isArray(value) && Array.isArray(baseline)) return [...value].sort().join() === [...baseline].sort().join();
  if (value && typeof value === "object" && baseline && typeof baseline === "object") {
    return (value as ComboboxOption).id === (baseline as ComboboxOption).id;
  }
  return value === baseline;
}

/** The fields that differ from `baseline`, as the patch's (unchecked) input. */
export function changedPatchInput(values: CustomerFormValues, baseline: CustomerFormValues): CustomerPatchInput {
  const changed = (name: CustomerFormField) => !isUnchanged(values[name], baseline[name]);
  const patch: Record<string, unknown> = {};
  for (const name of textFields) if (changed(name)) patch[name] = values[name];
  for (const name of numberFields) if (changed(name)) patch[name] = readNumber(values[name]);
  for (const name of booleanFields) if (changed(name)) patch[name] = values[name];
  for (const name of pickerFields) if (changed(name)) patch[name] = values[name]?.id ?? null;
  if (changed("paymentTypes")) patch.paymentTypes = values.paymentTypes;

  if (values.isSameAddress) for (const name of shippingFields) delete patch[name];
  // the contract takes the number of days and its kind together, never one alone
  if ("dueDateConfigNumber" in patch || "dueDateConfigType" in patch) {
    patch.dueDateConfigNumber = readNumber(values.dueDateConfigNumber);
    patch.dueDateConfigType = readNumber(values.dueDateConfigType);
  }
  return patch as CustomerPatchInput;
}

/** The form's schema: the changed fields, then the server's `CustomerPatch` rules, worded with the fields' labels. */
export function customerFormSchema(baseline: CustomerFormValues) {
  return z
    .custom<CustomerFormValues>()
    .transform((values) => changedPatchInput(values, baseline))
    .pipe(CustomerFormPatch);
}
