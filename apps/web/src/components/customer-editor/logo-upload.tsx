"use client";

import type { CustomerView } from "@cr/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, useRef, useState } from "react";

import { useTRPC } from "~/trpc/react";

import { controlProps, FieldError, FieldHint } from "../ui/field";

/** The server's limit (SPEC §3), checked here too so a large file fails before it is sent. */
const MAX_PICTURE_BYTES = 2 * 1024 * 1024;

/**
 * Replaces the customer's logo as soon as a file is picked. The server reads
 * the type from the bytes and re-encodes the picture; its refusals show under
 * the control, like every other field's.
 */
export function LogoUpload({ customer }: { customer: CustomerView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const upload = useMutation(
    trpc.customer.uploadLogo.mutationOptions({
      onSuccess(saved) {
        setError(undefined);
        queryClient.setQueryData(trpc.customer.byId.queryKey({ id: saved.id }), saved);
        void queryClient.invalidateQueries(trpc.customer.history.pathFilter());
      },
      onError(refusal) {
        setError(refusal.message);
      },
      onSettled() {
        if (input.current) input.current.value = "";
      },
    }),
  );

  function onPick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_PICTURE_BYTES) {
      setError("image size should not exceed 2Mo");
      event.target.value = "";
      return;
    }
    const form = new FormData();
    form.set("id", String(customer.id));
    form.set("imageFile", file);
    upload.mutate(form);
  }

  const id = "logo-file";
  const hint = "JPEG, PNG, GIF or BMP, up to 2 MB.";
  return (
    <div className="space-y-1.5" data-slot="logo-upload">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-700">
        {customer.logo ? "Replace logo" : "Upload a logo"}
      </label>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/gif,image/bmp"
        disabled={upload.isPending}
        onChange={onPick}
        className="block w-full text-sm text-zinc-600 file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-800 hover:file:bg-zinc-200"
        {...controlProps(id, { hint, error })}
      />
      <FieldHint id={id}>{upload.isPending ? "Uploading…" : hint}</FieldHint>
      <FieldError id={id} message={error} />
    </div>
  );
}
