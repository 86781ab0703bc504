/**
 * The legacy door: form fields (x-www-form-urlencoded, or the text parts of a
 * multipart body) decoded into the same `CustomerPatch` as the tRPC door
 * (SPEC §3). This file only reads the wire types of the page (Boolean,
 * Integer, Long, Double, Long/String, the `paymentTypes` structure); every
 * value rule is the schema's, applied by `parseCustomerPatch` at the end.
 *
 * Surrounding whitespace is tolerated in every value, as form clients often
 * send it.
 */
import { type CustomerFieldDefinition, customerFields } from "./customer-fields";
import {
  type CustomerPatch,
  type CustomerPatchField,
  customerPatchFieldNames,
  customerPatchTexts,
  parseCustomerPatch,
  paymentTypeIdParam,
} from "./customer-patch";
import { errors } from "./errors";
import { amountTextRefusal, type LegacyWireType } from "./field-kinds";

/**
 * The page's parameter table: each writable parameter and its type there
 * (from the field table). A field added after the page (no `legacy` entry) is
 * not one: the form ignores it like any unknown parameter.
 */
export const legacyParameterTypes: Readonly<Partial<Record<CustomerPatchField, LegacyWireType>>> = Object.fromEntries(
  customerPatchFieldNames.flatMap((param) => {
    const field: CustomerFieldDefinition = customerFields[param];
    // Stryker disable next-line ArrayDeclaration: every field of the table has a `legacy` entry, so the `[]` branch is never taken
    return field.legacy ? [[param, field.wire]] : [];
  }),
);

function isLegacyParameter(name: string): name is CustomerPatchField {
  return Object.hasOwn(legacyParameterTypes, name);
}

const digits = /^\d+$/;
// A dot decimal, as Java wrote it: no exponent, no comma, no sign other than a leading minus.
const dotDecimal = /^-?\d+(?:\.\d+)?$/;

const dueDateConfigTypeValues: Record<string, number> = {
  "1": 1,
  "2": 2,
  daysafterinvoicedate: 1,
  daysafterendofinvoicemonth: 2,
};

/** A Boolean of the legacy wire: `true`/`false`, `1`/`0`, any letter case (SPEC §3). */
export function decodeLegacyBoolean(param: string, value: string): boolean {
  switch (value.toLowerCase()) {
    case "true":
    case "1":
      return true;
    case "false":
    case "0":
      return false;
    default:
      // Also the empty string: none of the page's booleans can be cleared.
      throw errors.invalidParamType(param);
  }
}

function decodeDueDateConfigType(value: string): number | null {
  if (value === "") return null;
  const known = dueDateConfigTypeValues[value.toLowerCase()];
  if (known !== undefined) return known;
  // Other digits are a number out of range: the schema refuses them with the same words.
  if (digits.test(value)) return Number(value);
  // The page types this parameter as a String: any other text is a wrong value, not a wrong type.
  throw errors.invalidParam("dueDateConfigType", customerPatchTexts.dueDateConfigType);
}

/**
 * The page writes its example `[{"id"=7},{"id"=8}]` (Groovy's map syntax), and
 * clients copied it; strict JSON `[{"id":7}]` is accepted as well. Every `=`
 * becomes `:`, inside quoted texts too: a text is never read (only ids are,
 * and an id is digits), and `:` keeps a text as valid as `=` did.
 */
function parseLegacyStructure(text: string): unknown {
  try {
    return JSON.parse(text.replaceAll("=", ":"));
  } /* Stryker disable next-line BlockStatement: an empty catch returns undefined too */ catch {
    return undefined;
  }
}

function decodePaymentTypes(value: string): number[] {
  const typeError = () => errors.invalidParamType(paymentTypeIdParam, "paymentTypes");
  // An empty value clears the set, as an empty string clears the other fields.
  if (value === "") return [];
  const structure = parseLegacyStructure(value);
  if (!Array.isArray(structure)) throw typeError();
  return structure.map((item: unknown) => {
    // a number, a text or an array has no `id`: the same type error as an object without one
    const id: unknown = (item as { id?: unknown } | null)?.id;
    if (typeof id === "number") return id;
    // Number() ignores the blanks around the digits
    if (typeof id === "string" && digits.test(id.trim())) return Number(id);
    throw typeError();
  });
}

function decodeValue(param: CustomerPatchField, type: LegacyWireType, raw: string): unknown {
  // Strings go to the schema untouched: it trims them and turns "" into null or a missing name/reference.
  if (type === "String") return raw;
  const value = raw.trim();
  switch (type) {
    case "Boolean":
      return decodeLegacyBoolean(param, value);
    case "Integer":
      if (value === "") return null;
      if (!digits.test(value)) throw errors.invalidParamType(param);
      return Number(value);
    case "Double":
    case "Amount": {
      if (value === "") return null;
      if (!dotDecimal.test(value)) throw errors.invalidParamType(param);
      const amountRefusal = type === "Amount" ? amountTextRefusal(param, value) : undefined;
      if (amountRefusal) throw errors.invalidParam(param, amountRefusal);
      return Number(value);
    }
    case "Long/String":
      // "" stays a text: the schema turns an empty reference into null
      return digits.test(value) ? Number(value) : value;
    case "DueDateConfigType":
      return decodeDueDateConfigType(value);
    case "PaymentTypes":
      return decodePaymentTypes(value);
    // Stryker disable next-line all: unreachable, the picture is no parameter of the patch (customerPatchFieldNames leaves it out)
    case "Multipart":
      // never a text field of the patch: the picture is a file part, read by the route
      // Stryker disable next-line all: unreachable, as above
      throw new Error(`${param} is not a text parameter`);
  }
}

/**
 * Decodes the legacy form fields into a patch. `bodyId` is the body's `id`,
 * which the route compares with the customer of the path. Unknown and
 * read-only parameters (`balance`, `organization`, `logo`, a typo...) are
 * ignored, as the page did, and listed in `ignoredParameters` (once each, in
 * body order) so that the door can tell the integrator; the same parameter
 * twice is refused, as the page did.
 */
export function decodeLegacyCustomerForm(entries: Iterable<readonly [string, string]>): {
  patch: CustomerPatch;
  bodyId: string | undefined;
  ignoredParameters: string[];
} {
  const values = new Map<CustomerPatchField, string>();
  const ignored = new Set<string>();
  let bodyId: string | undefined;
  let hasBodyId = false;
  for (const [name, value] of entries) {
    if (name === "id") {
      if (hasBodyId) throw errors.invalidParamType("id");
      hasBodyId = true;
      bodyId = value.trim() === "" ? undefined : value.trim();
    } else if (isLegacyParameter(name)) {
      if (values.has(name)) throw errors.invalidParamType(name);
      values.set(name, value);
    } else {
      ignored.add(name);
    }
  }

  // In the page's order, so that the first refusal is the same whatever the client's field order.
  const decoded: Partial<Record<CustomerPatchField, unknown>> = {};
  for (const param of customerPatchFieldNames) {
    const raw = values.get(param);
    if (raw !== undefined) decoded[param] = decodeValue(param, legacyParameterTypes[param]!, raw);
  }
  return { patch: parseCustomerPatch(decoded), bodyId, ignoredParameters: [...ignored] };
}
