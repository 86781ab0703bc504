"use client";

import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/types";

import { formatDateTime } from "../format";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { deliveryStatusLabels } from "./labels";

type Delivery = RouterOutputs["webhook"]["deliveries"]["deliveries"][number];

const PAGE_SIZE = 20;
const cellClass = "px-3 py-2 align-top";

/** What came back: the receiver's status, or why there was none. */
function answerText(delivery: Delivery): string {
  if (delivery.responseStatus !== null) return delivery.error ? `${delivery.responseStatus}: ${delivery.error}` : String(delivery.responseStatus);
  return delivery.error ?? "";
}

/**
 * An endpoint's delivery attempts, newest first, a page at a time (each page
 * asked `before` the last attempt shown). While one page is shown it is read
 * again every few seconds, so an attempt under way shows its outcome; with
 * more pages shown the first one stays as read, so that no attempt falls
 * between two pages.
 */
export function WebhookDeliveries({ endpointId }: { endpointId: number }) {
  const trpc = useTRPC();
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const pages = useQueries({
    queries: cursors.map((before, index) => ({
      ...trpc.webhook.deliveries.queryOptions({ endpointId, max: PAGE_SIZE, ...(before === undefined ? {} : { before }) }),
      refetchInterval: index === 0 && cursors.length === 1 ? 5000 : false,
    })),
  });
  const deliveries = pages.flatMap((page) => page.data?.deliveries ?? []);
  const nextBefore = pages[pages.length - 1]?.data?.nextBefore;
  const isLoading = pages.some((page) => page.isPending);

  if (pages.some((page) => page.isError)) return <p role="alert" className="text-red-600">The deliveries could not be loaded. Try again in a moment.</p>;
  if (isLoading && deliveries.length === 0) return <p role="status" className="text-zinc-600">Loading the deliveries…</p>;
  if (deliveries.length === 0) return <p className="text-zinc-600">Nothing has been sent to this endpoint yet.</p>;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-md ring-1 ring-zinc-900/5">
        <table className="w-full text-sm">
          <caption className="sr-only">Delivery attempts, newest first</caption>
          <thead className="border-b border-zinc-200 text-left text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Time</th>
              <th scope="col" className="px-3 py-2 font-medium">Event</th>
              <th scope="col" className="px-3 py-2 font-medium">Attempt</th>
              <th scope="col" className="px-3 py-2 font-medium">Status</th>
              <th scope="col" className="px-3 py-2 font-medium">Answer</th>
              <th scope="col" className="px-3 py-2 font-medium">Duration</th>
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {deliveries.map((delivery) => (
              <DeliveryRow key={delivery.id} endpointId={endpointId} delivery={delivery} />
            ))}
          </tbody>
        </table>
      </div>
      {nextBefore !== undefined ? (
        <Button disabled={isLoading} onClick={() => setCursors([...cursors, nextBefore])}>
          {isLoading ? "Loading…" : "Older attempts"}
        </Button>
      ) : null}
    </div>
  );
}

function DeliveryRow({ endpointId, delivery }: { endpointId: number; delivery: Delivery }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.webhook.retryDelivery.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.webhook.deliveries.pathFilter()),
          queryClient.invalidateQueries(trpc.audit.list.pathFilter()),
        ]),
    }),
  );
  const status = deliveryStatusLabels[delivery.status];
  const time = delivery.attemptedAt ?? delivery.nextAttemptAt ?? delivery.createdAt;
  return (
    <tr>
      <td className={`${cellClass} whitespace-nowrap text-zinc-600 tabular-nums`}>
        {delivery.status === "pending" ? "due " : null}
        {formatDateTime(time)}
      </td>
      <td className={cellClass}>
        <div className="font-mono text-xs">{delivery.eventId}</div>
        <div className="text-xs text-zinc-500">{delivery.eventType}</div>
      </td>
      <td className={`${cellClass} tabular-nums`}>{delivery.attempt}</td>
      <td className={cellClass}>
        <Badge tone={status.tone}>{status.label}</Badge>
      </td>
      <td className={`${cellClass} max-w-xs break-words text-xs`}>{answerText(delivery)}</td>
      <td className={`${cellClass} whitespace-nowrap tabular-nums text-zinc-600`}>{delivery.durationMs === null ? "" : `${delivery.durationMs} ms`}</td>
      <td className={`${cellClass} text-right`}>
        {delivery.status === "failed" || delivery.status === "abandoned" ? (
          <Button disabled={retry.isPending} onClick={() => retry.mutate({ endpointId, deliveryId: delivery.id })}>
            {retry.isPending ? "Scheduling…" : delivery.status === "failed" ? "Retry now" : "Send again"}
            <span className="sr-only"> {delivery.eventId}</span>
          </Button>
        ) : null}
        {retry.isSuccess ? (
          <p role="status" className="mt-1 text-xs text-zinc-600">
            Scheduled.
          </p>
        ) : null}
        {retry.error ? (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {retry.error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
