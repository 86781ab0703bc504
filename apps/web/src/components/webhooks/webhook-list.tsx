"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/types";

import { ConfirmButton } from "../organization-admin/confirm-button";
import { formatDateTime } from "../format";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { disabledReasonTexts } from "./labels";
import { WebhookDeliveries } from "./webhook-deliveries";

type Endpoint = RouterOutputs["webhook"]["list"][number];
type TestAttempt = RouterOutputs["webhook"]["sendTest"];

/** The organization's webhook endpoints, oldest first; never their secrets. */
export function WebhookList() {
  const trpc = useTRPC();
  const { data: endpoints } = useSuspenseQuery(trpc.webhook.list.queryOptions());
  if (endpoints.length === 0) return <p className="text-zinc-600">No webhook endpoints yet.</p>;
  return (
    <ul aria-label="Webhook endpoints" className="space-y-4">
      {endpoints.map((endpoint) => (
        <EndpointCard key={endpoint.id} endpoint={endpoint} />
      ))}
    </ul>
  );
}

/** Enabled, failing or disabled (and why), in words: a failing endpoint is not to be missed. */
function EndpointState({ endpoint }: { endpoint: Endpoint }) {
  if (!endpoint.enabled) {
    return (
      <div className="space-y-1">
        <Badge tone="warning">Disabled{endpoint.disabledAt ? ` since ${formatDateTime(endpoint.disabledAt)}` : ""}</Badge>
        <p className="font-medium text-amber-900">{endpoint.disabledReason ? disabledReasonTexts[endpoint.disabledReason] : null}</p>
      </div>
    );
  }
  if (endpoint.failingSince) {
    return (
      <div className="space-y-1">
        <Badge tone="warning">Failing since {formatDateTime(endpoint.failingSince)}</Badge>
        <p className="font-medium text-amber-900">
          Every delivery since then failed; they are retried. After 5 days of failures the endpoint is disabled.
        </p>
      </div>
    );
  }
  return <Badge tone="positive">Enabled</Badge>;
}

function testOutcomeText(attempt: TestAttempt): string {
  if (attempt.status === "succeeded") return `Test event delivered: the receiver answered ${attempt.responseStatus} in ${attempt.durationMs} ms.`;
  if (attempt.responseStatus !== null) return `Test event refused: the receiver answered ${attempt.responseStatus}${attempt.error ? ` (${attempt.error})` : ""}.`;
  return `Test event not delivered: ${attempt.error ?? "no answer"}.`;
}

function EndpointCard({ endpoint }: { endpoint: Endpoint }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveriesId = useId();
  const [showDeliveries, setShowDeliveries] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.webhook.list.pathFilter()),
      queryClient.invalidateQueries(trpc.webhook.deliveries.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.list.pathFilter()),
    ]);
  const setEnabled = useMutation((endpoint.enabled ? trpc.webhook.disable : trpc.webhook.enable).mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSuccess: refresh }));
  const sendTest = useMutation(trpc.webhook.sendTest.mutationOptions({ onSuccess: refresh }));
  const error = setEnabled.error ?? remove.error ?? sendTest.error;

  return (
    <li className="space-y-3 rounded-lg bg-white p-5 shadow-xs ring-1 ring-zinc-900/5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h2 className="font-mono text-sm font-medium break-all text-zinc-900">{endpoint.url}</h2>
          {endpoint.description ? <p className="text-zinc-700">{endpoint.description}</p> : null}
          <p className="text-xs text-zinc-500">
            {endpoint.eventTypes.join(", ")} · created {formatDateTime(endpoint.createdAt)}
          </p>
        </div>
        <EndpointState endpoint={endpoint} />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button disabled={sendTest.isPending} onClick={() => sendTest.mutate({ endpointId: endpoint.id })}>
          {sendTest.isPending ? "Sending…" : "Send test event"}
        </Button>
        <Button disabled={setEnabled.isPending} onClick={() => setEnabled.mutate({ endpointId: endpoint.id })}>
          {endpoint.enabled ? "Disable" : "Enable"}
        </Button>
        <Button aria-expanded={showDeliveries} aria-controls={deliveriesId} onClick={() => setShowDeliveries(!showDeliveries)}>
          {showDeliveries ? "Hide deliveries" : "Deliveries"}
        </Button>
        <ConfirmButton
          label="Delete"
          subject={endpoint.url}
          question="Delete this endpoint? Nothing more is sent to it, and its deliveries are deleted."
          confirmLabel="Yes, delete"
          isPending={remove.isPending}
          onConfirm={() => remove.mutate({ endpointId: endpoint.id })}
        />
      </div>
      {sendTest.data ? (
        <p role="status" className={sendTest.data.status === "succeeded" ? "text-emerald-700" : "font-medium text-amber-900"}>
          {testOutcomeText(sendTest.data)}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="font-medium text-red-600">
          {error.message}
        </p>
      ) : null}
      <div id={deliveriesId} hidden={!showDeliveries}>
        {showDeliveries ? <WebhookDeliveries endpointId={endpoint.id} /> : null}
      </div>
    </li>
  );
}
