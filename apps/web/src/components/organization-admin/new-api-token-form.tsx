"use client";

import { type NewApiTokenInput, tokenScopes } from "@cr/domain";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";

import { useTRPC } from "~/trpc/react";

import { useIsHydrated } from "../hooks/use-is-hydrated";
import { Button } from "../ui/button";
import { Checkbox, Input, Select } from "../ui/controls";
import { Field, FieldError } from "../ui/field";
import { apiTokenFormSchema, type ApiTokenFormValues, blankApiToken } from "./api-token-form-values";
import { NewApiTokenSecret } from "./new-api-token-secret";
import { roleLabels, scopeLabels } from "./labels";

const formFieldOf = (field: string | null | undefined): keyof ApiTokenFormValues | undefined =>
  field === "name" || field === "ownerUserId" || field === "scope" || field === "expiresInDays" ? field : undefined;

/**
 * A new API token for one of the organization's active users. The server
 * answers with its secret once: it is shown above the form until the admin
 * closes it, and never again.
 */
export function NewApiTokenForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isHydrated = useIsHydrated();
  const { data: me } = useSuspenseQuery(trpc.auth.me.queryOptions());
  const { data: users } = useSuspenseQuery(trpc.user.list.queryOptions());
  const owners = users.filter((user) => user.active);

  const form = useForm<ApiTokenFormValues, unknown, NewApiTokenInput>({
    defaultValues: blankApiToken(me.id),
    resolver: zodResolver(apiTokenFormSchema),
    mode: "onTouched",
  });
  const { errors } = form.formState;
  const neverExpires = useWatch({ control: form.control, name: "neverExpires" });
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation(
    trpc.apiToken.create.mutationOptions({
      onSuccess() {
        form.reset(blankApiToken(me.id));
        void queryClient.invalidateQueries(trpc.apiToken.list.pathFilter());
        void queryClient.invalidateQueries(trpc.audit.list.pathFilter());
      },
      onError(error) {
        const field = formFieldOf(error.data?.field);
        if (field) form.setError(field, { type: "server", message: error.message }, { shouldFocus: true });
        else setFormError(error.message);
      },
    }),
  );

  const submit = form.handleSubmit((token) => {
    setFormError(null);
    create.mutate(token);
  });

  return (
    <div className="space-y-4">
      {create.data ? (
        <NewApiTokenSecret name={create.variables?.name ?? ""} token={create.data.token} onDone={() => create.reset()} />
      ) : null}
      <form onSubmit={submit} noValidate aria-labelledby="new-token-title" className="space-y-4 rounded-lg bg-white p-5 shadow-xs ring-1 ring-zinc-900/5">
        <h2 id="new-token-title" className="text-base font-semibold text-zinc-900">
          New API token
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="new-token-name" label="Name" hint="What it is for, e.g. the integration that uses it." error={errors.name?.message}>
            {(control) => <Input type="text" autoComplete="off" {...control} {...form.register("name")} />}
          </Field>
          <Field
            id="new-token-owner"
            label="Owner"
            hint="The token acts with the lesser of its scope and its owner's role."
            error={errors.ownerUserId?.message}
          >
            {(control) => (
              <Select {...control} {...form.register("ownerUserId")}>
                {owners.map((user) => (
                  <option key={user.id} value={String(user.id)}>
                    {user.name ?? user.email} ({user.email}, {roleLabels[user.role].toLowerCase()})
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium text-zinc-700">Scope</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2 pt-1">
              {tokenScopes.map((scope) => (
                <label key={scope} className="flex items-center gap-2">
                  <input type="radio" value={scope} className="size-4 accent-indigo-600" {...form.register("scope")} />
                  <span>
                    {scopeLabels[scope].label} <span className="text-zinc-500">({scopeLabels[scope].hint})</span>
                  </span>
                </label>
              ))}
            </div>
            <FieldError id="new-token-scope" message={errors.scope?.message} />
          </fieldset>
          <div className="space-y-3">
            <label className="flex items-center gap-2 font-medium text-zinc-700">
              <Checkbox {...form.register("neverExpires")} />
              Never expires
            </label>
            {neverExpires ? null : (
              <Field id="new-token-days" label="Expires after (days)" error={errors.expiresInDays?.message}>
                {(control) => <Input type="text" inputMode="numeric" className="w-28" {...control} {...form.register("expiresInDays")} />}
              </Field>
            )}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={!isHydrated || create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
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
