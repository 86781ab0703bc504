"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/types";

import { formatDateTime } from "../format";
import { Badge } from "../ui/badge";
import { ConfirmButton } from "./confirm-button";
import { scopeLabels } from "./labels";

type ApiToken = RouterOutputs["apiToken"]["list"][number];

const cellClass = "px-3 py-2 align-top";

/** Revoked, expired or active: the first that holds is what a request with it meets. */
function TokenStatus({ token }: { token: ApiToken }) {
  if (token.revokedAt) return <Badge>Revoked</Badge>;
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return <Badge tone="warning">Expired</Badge>;
  return <Badge tone="positive">Active</Badge>;
}

/** The organization's API tokens, newest first, revoked ones included; never their secrets. */
export function ApiTokenList() {
  const trpc = useTRPC();
  const { data: tokens } = useSuspenseQuery(trpc.apiToken.list.queryOptions());
  if (tokens.length === 0) return <p className="text-zinc-600">No API tokens yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-zinc-900/5">
      <table className="w-full text-sm">
        <caption className="sr-only">API tokens of the organization</caption>
        <thead className="border-b border-zinc-200 text-left text-zinc-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Name</th>
            <th scope="col" className="px-3 py-2 font-medium">Owner</th>
            <th scope="col" className="px-3 py-2 font-medium">Scope</th>
            <th scope="col" className="px-3 py-2 font-medium">Created</th>
            <th scope="col" className="px-3 py-2 font-medium">Last used</th>
            <th scope="col" className="px-3 py-2 font-medium">Expires</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {tokens.map((token) => (
            <ApiTokenRow key={token.id} token={token} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ApiTokenRow({ token }: { token: ApiToken }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiToken.revoke.mutationOptions({
      // pending until the list shows the token revoked
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.apiToken.list.pathFilter()),
          queryClient.invalidateQueries(trpc.audit.list.pathFilter()),
        ]),
    }),
  );
  const dateClass = `${cellClass} whitespace-nowrap text-zinc-600 tabular-nums`;
  return (
    <tr>
      <td className={`${cellClass} font-medium text-zinc-900`}>{token.name}</td>
      <td className={cellClass}>
        <div>{token.owner.name ?? token.owner.email}</div>
        {token.owner.name ? <div className="text-xs text-zinc-500">{token.owner.email}</div> : null}
      </td>
      <td className={cellClass}>{scopeLabels[token.scope].label}</td>
      <td className={dateClass}>{formatDateTime(token.createdAt)}</td>
      <td className={dateClass}>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never"}</td>
      <td className={dateClass}>{token.expiresAt ? formatDateTime(token.expiresAt) : "Never"}</td>
      <td className={cellClass}>
        <TokenStatus token={token} />
      </td>
      <td className={`${cellClass} text-right`}>
        {token.revokedAt ? null : (
          <ConfirmButton
            label="Revoke"
            subject={token.name}
            question={`Revoke “${token.name}”? Requests with it are refused from now on.`}
            confirmLabel="Yes, revoke"
            isPending={revoke.isPending}
            onConfirm={() => revoke.mutate({ tokenId: token.id })}
          />
        )}
        {revoke.error ? (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {revoke.error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
