"use client";

import { NewWebhookEndpointInput, type NewWebhookEndpoint, webhookEventTypes } from "@cr/domain";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { useTRPC } from "~/trpc/react";

import { useIsHydrated } from "../hooks/use-is-hydrated";
import { Button } from "../ui/button";
import { Input } from "../ui/controls";
import { Field, FieldError } from "../ui/field";
import { eventTypeLabels } from "./labels";
import { WebhookSecret } from "./webhook-secret";

type FormValues = NewWebhookEndpointInput;

const blank: FormValues = { url: "", events: [...webhookEventTypes], description: "" };

const formFieldOf = (field: string | null | undefined): keyof FormValues | undefined =>
  field === "url" || field === "events" || field === "description" ? field : undefined;

/**
 * A new webhook endpoint, checked with the server's own schema. The server
 * answers with the signing secret once: it is shown above the form until the
 * admin closes it, and never again.
 */
export function NewWebhookForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isHydrated = useIsHydrated();
  const form = useForm<FormValues, unknown, NewWebhookEndpoint>({
    defaultValues: blank,
    resolver: zodResolver(NewWebhookEndpointInput),
    mode: "onTouched",
  });
  const { errors } = form.formState;
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess() {
        form.reset(blank);
        void queryClient.invalidateQueries(trpc.webhook.list.pathFilter());
        void queryClient.invalidateQueries(trpc.audit.list.pathFilter());
      },
      onError(error) {
        const field = formFieldOf(error.data?.field);
        if (field) form.setError(field, { type: "server", message: error.message }, { shouldFocus: true });
        else setFormError(error.message);
      },
    }),
  );

  const submit = form.handleSubmit((endpoint) => {
    setFormError(null);
    create.mutate(endpoint);
  });

  return (
    <div className="space-y-4">
      {create.data ? <WebhookSecret url={create.data.url} secret={create.data.secret} onDone={() => create.reset()} /> : null}
      <form onSubmit={submit} noValidate aria-labelledby="new-webhook-title" className="space-y-4 rounded-lg bg-white p-5 shadow-xs ring-1 ring-zinc-900/5">
        <h2 id="new-webhook-title" className="text-base font-semibold text-zinc-900">
          New webhook endpoint
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="new-webhook-url"
            label="URL"
            hint="An https:// address of the receiver, reachable from the internet."
            error={errors.url?.message}
          >
            {(control) => <Input type="url" autoComplete="off" placeholder="https://erp.example.com/hooks/records" {...control} {...form.register("url")} />}
          </Field>
          <Field id="new-webhook-description" label="Description" hint="What it is for (optional)." error={errors.description?.message}>
            {(control) => <Input type="text" autoComplete="off" {...control} {...form.register("description")} />}
          </Field>
          <fieldset className="space-y-1.5 sm:col-span-2" aria-describedby={errors.events ? "new-webhook-events-error" : undefined}>
            <legend className="text-sm font-medium text-zinc-700">Events</legend>
            {webhookEventTypes.map((type) => (
              <label key={type} className="flex items-center gap-2">
                <input type="checkbox" value={type} className="size-4 accent-indigo-600" {...form.register("events")} />
                <span>
                  <code className="text-xs">{type}</code> <span className="text-zinc-600">{eventTypeLabels[type]}</span>
                </span>
              </label>
            ))}
            <FieldError id="new-webhook-events" message={errors.events?.message} />
          </fieldset>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={!isHydrated || create.isPending}>
            {create.isPending ? "Creating…" : "Create endpoint"}
          </Button>
          {formError ? (
            <p role="alert" className="font-medium text-red-600">
              {formError}
            </p>
          ) : null}
        </div>
      </form>
    </div>
  );
}
