"use client";

/**
 * The customer form's fields, bound to react-hook-form by name. Each one
 * shows its refusal (the schema's or the server's) under itself, and marks
 * its control with `aria-invalid` and `aria-describedby` (see ui/field).
 */
import { customerFields } from "@cr/domain";
import type { ComponentProps, ReactNode } from "react";
import { useController, useFormContext, useFormState } from "react-hook-form";

import type { ComboboxProps } from "../ui/combobox";
import { Checkbox, Input, Select, Textarea } from "../ui/controls";
import { controlProps, errorId, Field, FieldError, FieldHint, labelId } from "../ui/field";
import type { BooleanFieldName, CustomerFormField, CustomerFormValues, PickerFieldName, TextFieldName } from "./customer-form-values";

export const fieldId = (name: CustomerFormField) => `customer-${name}`;

/** A field's label is the field table's, unless its section words it shorter ("City" under "Billing address"). */
const labelOf = (name: CustomerFormField, label: string | undefined) => label ?? customerFields[name].label;

function useFieldError(name: CustomerFormField): string | undefined {
  const { errors } = useFormState<CustomerFormValues>({ name });
  return errors[name]?.message;
}

type InputProps = Pick<ComponentProps<"input">, "type" | "inputMode" | "autoComplete" | "placeholder">;

export function TextField({ name, label, hint, multiline, ...inputProps }: InputProps & {
  name: TextFieldName;
  label?: string;
  hint?: ReactNode;
  multiline?: boolean;
}) {
  const { register } = useFormContext<CustomerFormValues>();
  return (
    <Field id={fieldId(name)} label={labelOf(name, label)} hint={hint} error={useFieldError(name)} className={multiline ? "sm:col-span-2" : undefined}>
      {(control) =>
        multiline ? <Textarea rows={2} {...control} {...register(name)} /> : <Input type="text" {...inputProps} {...control} {...register(name)} />
      }
    </Field>
  );
}

export function SelectField({ name, label, options }: {
  name: TextFieldName;
  label?: string;
  options: readonly { value: string; label: string }[];
}) {
  const { register } = useFormContext<CustomerFormValues>();
  return (
    <Field id={fieldId(name)} label={labelOf(name, label)} error={useFieldError(name)}>
      {(control) => (
        <Select {...control} {...register(name)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

export function CheckboxField({ name, label, hint }: { name: BooleanFieldName; label?: string; hint?: ReactNode }) {
  const { register } = useFormContext<CustomerFormValues>();
  const id = fieldId(name);
  const error = useFieldError(name);
  return (
    <div className="flex gap-2.5 sm:col-span-2">
      <Checkbox className="mt-0.5" {...controlProps(id, { hint, error })} {...register(name)} />
      <div className="space-y-1">
        <label htmlFor={id} className="block font-medium text-zinc-700">
          {labelOf(name, label)}
        </label>
        <FieldHint id={id}>{hint}</FieldHint>
        <FieldError id={id} message={error} />
      </div>
    </div>
  );
}

type PickerProps = Pick<ComboboxProps, "id" | "labelledBy" | "value" | "onChange" | "onBlur" | "inputRef" | "aria-invalid" | "aria-describedby">;

/** A search-as-you-type picker (see reference-pickers) as a form field. */
export function PickerField({ name, label, hint, children }: {
  name: PickerFieldName;
  label?: string;
  hint?: ReactNode;
  children: (picker: PickerProps) => ReactNode;
}) {
  const { field } = useController<CustomerFormValues, PickerFieldName>({ name });
  const id = fieldId(name);
  return (
    <Field id={id} label={labelOf(name, label)} hint={hint} error={useFieldError(name)}>
      {(control) =>
        children({
          ...control,
          labelledBy: labelId(id),
          value: field.value,
          onChange: field.onChange,
          onBlur: field.onBlur,
          inputRef: field.ref,
        })
      }
    </Field>
  );
}

/** The customer's payment types: the whole set is replaced on save. */
export function PaymentTypesField({ options }: { options: readonly { id: number; name: string }[] }) {
  const { field } = useController<CustomerFormValues, "paymentTypes">({ name: "paymentTypes" });
  const id = fieldId("paymentTypes");
  const error = useFieldError("paymentTypes");
  const toggle = (paymentTypeId: number, checked: boolean) =>
    field.onChange(
      checked ? [...field.value, paymentTypeId].sort((a, b) => a - b) : field.value.filter((value) => value !== paymentTypeId),
    );
  return (
    <fieldset className="space-y-1.5 sm:col-span-2">
      <legend className="text-sm font-medium text-zinc-700">{customerFields.paymentTypes.label}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2 pt-1">
        {options.map((option, index) => (
          <label key={option.id} className="flex items-center gap-2">
            <Checkbox
              ref={index === 0 ? field.ref : undefined}
              checked={field.value.includes(option.id)}
              onChange={(event) => toggle(option.id, event.target.checked)}
              onBlur={field.onBlur}
              {...(error ? { "aria-invalid": true, "aria-describedby": errorId(id) } : {})}
            />
            {option.name}
          </label>
        ))}
      </div>
      <FieldError id={id} message={error} />
    </fieldset>
  );
}
