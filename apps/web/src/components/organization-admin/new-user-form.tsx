"use client";

import { NewUserInput, userRoles } from "@cr/domain";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { useTRPC } from "~/trpc/react";

import { useIsHydrated } from "../hooks/use-is-hydrated";
import { Button } from "../ui/button";
import { Input, Select } from "../ui/controls";
import { Field } from "../ui/field";
import { roleLabels, rolesHint } from "./labels";

const blankUser: NewUserInput = { name: "", email: "", reference: "", password: "", role: "editor" };

const isFormField = (field: string): field is keyof NewUserInput => field in blankUser;

/** A new user of the organization, checked with the schema the server checks it with. */
export function NewUserForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isHydrated = useIsHydrated();
  const form = useForm<NewUserInput>({ defaultValues: blankUser, resolver: zodResolver(NewUserInput), mode: "onTouched" });
  const { errors } = form.formState;
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess(_, user) {
        form.reset(blankUser);
        setCreated(`${user.email} can now sign in as ${roleLabels[user.role].toLowerCase()}.`);
        void queryClient.invalidateQueries(trpc.user.list.pathFilter());
        void queryClient.invalidateQueries(trpc.audit.list.pathFilter());
      },
      onError(error) {
        const field = error.data?.field;
        if (field && isFormField(field)) form.setError(field, { type: "server", message: error.message }, { shouldFocus: true });
        else setFormError(error.message);
      },
    }),
  );

  const submit = form.handleSubmit((user) => {
    setFormError(null);
    setCreated(null);
    create.mutate(user);
  });

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-user-title" className="space-y-4 rounded-lg bg-white p-5 shadow-xs ring-1 ring-zinc-900/5">
      <h2 id="new-user-title" className="text-base font-semibold text-zinc-900">
        New user
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="new-user-name" label="Name" error={errors.name?.message}>
          {(control) => <Input type="text" autoComplete="off" {...control} {...form.register("name")} />}
        </Field>
        <Field id="new-user-email" label="E-mail" hint="They sign in with it." error={errors.email?.message}>
          {(control) => <Input type="email" autoComplete="off" {...control} {...form.register("email")} />}
        </Field>
        <Field id="new-user-reference" label="Reference" hint="Their id for integrations (createdBy.reference)." error={errors.reference?.message}>
          {(control) => <Input type="text" autoComplete="off" {...control} {...form.register("reference")} />}
        </Field>
        <Field id="new-user-password" label="Initial password" hint="At least 8 characters; give it to them privately." error={errors.password?.message}>
          {(control) => <Input type="password" autoComplete="new-password" {...control} {...form.register("password")} />}
        </Field>
        <Field id="new-user-role" label="Role" hint={rolesHint} error={errors.role?.message}>
          {(control) => (
            <Select {...control} {...form.register("role")}>
              {userRoles.map((role) => (
                <option key={role} value={role}>
                  {roleLabels[role]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={!isHydrated || create.isPending}>
          {create.isPending ? "Creating…" : "Create user"}
        </Button>
        <p role="status" className="font-medium text-emerald-700">
          {created}
        </p>
        {formError ? (
          <p role="alert" className="font-medium text-red-600">
            {formError}
          </p>
        ) : null}
      </div>
    </form>
  );
}
