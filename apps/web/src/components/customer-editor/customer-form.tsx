"use client";

import type { CustomerPatch, CustomerView } from "@cr/domain";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";

import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/types";

import { customerFormSchema, type CustomerFormValues, isCustomerFormField, toFormValues } from "./customer-form-values";
import { SaveBar, type SaveOutcome, useSaveShortcut } from "./save-bar";
import { BillingAddressSection, type Country, ShippingAddressSection } from "./sections/address-sections";
import { ContactSection } from "./sections/contact-section";
import { FinanceSection } from "./sections/finance-section";
import { HierarchySection } from "./sections/hierarchy-section";
import { IdentitySection } from "./sections/identity-section";
import { RegionSection } from "./sections/region-section";
import { RiskSection } from "./sections/risk-section";

type Organization = RouterOutputs["organization"]["current"];

export function CustomerForm(props: { customer: CustomerView; organization: Organization; countries: readonly Country[] }) {
  const { customer, organization } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  // what the form was loaded with: a save sends the difference from it
  const baseline = useMemo(() => toFormValues(customer), [customer]);
  const form = useForm<CustomerFormValues, unknown, CustomerPatch>({
    defaultValues: baseline,
    resolver: zodResolver(customerFormSchema(baseline)),
    mode: "onTouched",
  });
  const { isDirty, errors } = form.formState;

  const [outcome, setOutcome] = useState<SaveOutcome>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const update = useMutation(
    trpc.customer.update.mutationOptions({
      onSuccess(saved) {
        // the answer is the stored customer: show it without asking again
        queryClient.setQueryData(trpc.customer.byId.queryKey({ id: saved.id }), saved);
        form.reset(toFormValues(saved));
        setOutcome("saved");
        void queryClient.invalidateQueries(trpc.customer.history.pathFilter());
        void queryClient.invalidateQueries(trpc.customer.list.pathFilter());
      },
      onError(error) {
        if (error.data?.code === "PRECONDITION_FAILED") {
          setFormError(
            "Someone else changed this customer after you opened it, so your changes were not saved. " +
              "They are still in the form: note them, reload the page to see the new version, and apply them again.",
          );
          return;
        }
        const field = error.data?.field;
        if (field && isCustomerFormField(field)) {
          form.setError(field, { type: "server", message: error.message }, { shouldFocus: true });
        } else {
          setFormError(error.message);
        }
      },
    }),
  );

  const save = form.handleSubmit((patch) => {
    setFormError(null);
    if (Object.keys(patch).length === 0) {
      setOutcome("unchanged");
      return;
    }
    setOutcome(null);
    // the version the form shows: a customer changed since then is not overwritten (412)
    update.mutate({ id: customer.id, patch, expectedVersion: customer.version });
  });

  const formElement = useRef<HTMLFormElement>(null);
  useSaveShortcut(formElement);

  return (
    <FormProvider {...form}>
      <form ref={formElement} onSubmit={save} noValidate aria-label="Customer" className="space-y-6">
        <IdentitySection />
        <HierarchySection customerId={customer.id} />
        <BillingAddressSection countries={props.countries} />
        <ShippingAddressSection countries={props.countries} />
        <ContactSection />
        <FinanceSection currencies={organization.currencies} />
        <RiskSection />
        {organization.geoLocationsEnabled ? <RegionSection /> : null}
        <SaveBar
          isDirty={isDirty}
          isSaving={update.isPending}
          outcome={outcome}
          errorCount={Object.keys(errors).length}
          formError={formError}
          onDiscard={() => {
            form.reset(baseline);
            setFormError(null);
          }}
        />
      </form>
    </FormProvider>
  );
}
