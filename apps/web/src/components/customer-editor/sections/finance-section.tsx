"use client";

import { useQuery } from "@tanstack/react-query";
import { useWatch } from "react-hook-form";

import { useTRPC } from "~/trpc/react";

import { PaymentTypesField, SelectField, TextField } from "../form-fields";
import type { CustomerFormValues } from "../customer-form-values";
import { paymentTypeOptionsInput } from "../queries";
import { FormSection } from "./form-section";

const dueDateConfigTypeOptions = [
  { value: "", label: "—" },
  { value: "1", label: "Invoice date" },
  { value: "2", label: "End of invoice month" },
];

export function FinanceSection({ currencies }: { currencies: readonly string[] }) {
  const trpc = useTRPC();
  const paymentTypes = useQuery(trpc.reference.options.queryOptions(paymentTypeOptionsInput));
  const currency = useWatch<CustomerFormValues, "currency">({ name: "currency" });
  // a currency the organization no longer offers still shows as the customer's own
  const currencyOptions = [...new Set([...currencies, currency])].map((code) => ({ value: code, label: code }));
  return (
    <FormSection title="Finance">
      <TextField name="creditLimit" inputMode="decimal" autoComplete="off" hint={`In ${currency}`} />
      <SelectField name="currency" options={currencyOptions} />
      <TextField name="dueDateConfigNumber" inputMode="numeric" autoComplete="off" />
      <SelectField name="dueDateConfigType" label="Counted from" options={dueDateConfigTypeOptions} />
      <PaymentTypesField options={paymentTypes.data ?? []} />
      <TextField name="taxNumber" autoComplete="off" />
      <TextField name="companyRegistrationNumber" autoComplete="off" />
    </FormSection>
  );
}
