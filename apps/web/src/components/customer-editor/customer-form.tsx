"use client";

import { type CustomerPatch, type CustomerView, formMessageOf } from "@cr/domain";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { FormProvider, useForm } from "react-hook-form";

import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/types";

import { customerFormSchema, type CustomerFormValues, isCustomerFormField, toFormValues } from "./customer-form-values";
import { SaveBar, type SaveOutcome, useSaveShortcut } from "./save-bar";
import { SaveConflict, type SaveConflictState } from "./save-conflict";
import { BillingAddressSection, type Country, ShippingAddressSection } from "./sections/address-sections";
import { ContactSection } from "./sections/contact-section";
import { FinanceSection } from "./sections/finance-section";
import { HierarchySection } from "./sections/hierarchy-section";
import { IdentitySection } from "./sections/identity-section";
import { RegionSection } from "./sections/region-section";
import { RiskSection } from "./sections/risk-section";

type Organization = RouterOutputs["organization"]["current"];

/**
 * The customer's fields, saved together. Read-only (a viewer), the same
 * fields are shown disabled, with neither the Save bar nor its shortcut.
 */
export function CustomerForm(props: {
  customer: CustomerView;
  organization: Organization;
  countries: readonly Country[];
  readOnly: boolean;
}) {
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
  const [conflict, setConflict] = useState<SaveConflictState | null>(null);

  /** Someone saved first: what they changed since the form loaded, beside the user's patch. */
  async function showConflict(myPatch: SaveConflictState["myPatch"]) {
    const [latest, history] = await Promise.all([
      queryClient.fetchQuery({ ...trpc.customer.byId.queryOptions({ id: customer.id }), staleTime: 0 }),
      queryClient.fetchQuery({ ...trpc.customer.history.queryOptions({ id: customer.id, limit: 500 }), staleTime: 0 }),
    ]);
    const theirChanges = history.filter((entry) => entry.changedAt > customer.lastUpdated).reverse();
    setConflict({ latest, theirChanges, myPatch });
  }

  const update = useMutation(
    trpc.customer.update.mutationOptions({
      onSuccess(saved) {
        // the answer is the stored customer: show it without asking again
        queryClient.setQueryData(trpc.customer.byId.queryKey({ id: saved.id }), saved);
        form.reset(toFormValues(saved));
        setConflict(null);
        setOutcome("saved");
        void queryClient.invalidateQueries(trpc.customer.history.pathFilter());
        void queryClient.invalidateQueries(trpc.customer.list.pathFilter());
      },
      onError(error, { patch }) {
        if (error.data?.code === "PRECONDITION_FAILED") {
          showConflict(patch).catch(() =>
            setFormError("Someone else saved this customer after you opened it: reload the page to see their version."),
          );
          return;
        }
        const field = error.data?.field;
        if (field && isCustomerFormField(field)) {
          const message = formMessageOf({ code: error.data?.domainCode ?? null, field, message: error.message });
          form.setError(field, { type: "server", message }, { shouldFocus: true });
        } else {
          setFormError(error.message);
        }
      },
    }),
  );

  const save = form.handleSubmit((patch) => {
    setFormError(null);
    setConflict(null);
    if (Object.keys(patch).length === 0) {
      setOutcome("unchanged");
      return;
    }
    setOutcome(null);
    // the version the form shows: a customer changed since then is not overwritten (412)
    update.mutate({ id: customer.id, patch, expectedVersion: customer.version });
  });

  const formElement = useRef<HTMLFormElement>(null);
  useSaveShortcut(formElement, !props.readOnly);

  return (
    <FormProvider {...form}>
      <form ref={formElement} onSubmit={save} noValidate aria-label="Customer" className="space-y-6">
        {props.readOnly ? (
          <p className="rounded-lg bg-zinc-100 px-4 py-3 text-zinc-700">Your role can read this customer, not change it.</p>
        ) : null}
        {/* a disabled fieldset disables every control inside it, the pickers' included */}
        <fieldset disabled={props.readOnly} className="min-w-0 space-y-6">
          <IdentitySection />
          <HierarchySection customerId={customer.id} />
          <BillingAddressSection countries={props.countries} />
          <ShippingAddressSection countries={props.countries} />
          <ContactSection />
          <FinanceSection currencies={organization.currencies} />
          <RiskSection />
          {organization.geoLocationsEnabled ? <RegionSection /> : null}
        </fieldset>
        {conflict ? (
          <SaveConflict
            conflict={conflict}
            isSaving={update.isPending}
            onReload={() => {
              // theirs wins: the page shows the stored customer, and the form follows it
              queryClient.setQueryData(trpc.customer.byId.queryKey({ id: customer.id }), conflict.latest);
              form.reset(toFormValues(conflict.latest));
              setConflict(null);
              void queryClient.invalidateQueries(trpc.customer.history.pathFilter());
            }}
            onApplyMine={() =>
              update.mutate({ id: customer.id, patch: conflict.myPatch, expectedVersion: conflict.latest.version })
            }
          />
        ) : null}
        {props.readOnly ? null : (
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
        )}
      </form>
    </FormProvider>
  );
}
