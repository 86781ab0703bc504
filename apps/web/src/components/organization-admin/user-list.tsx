"use client";

import { type UserRole, userRoles } from "@cr/domain";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/types";

import { formatDateTime } from "../format";
import { Badge } from "../ui/badge";
import { Select } from "../ui/controls";
import { ConfirmButton } from "./confirm-button";
import { roleLabels } from "./labels";

type OrganizationUser = RouterOutputs["user"]["list"][number];

const cellClass = "px-3 py-2 align-top";

/** The organization's users, each with their role to change and the way to deactivate them. */
export function UserList() {
  const trpc = useTRPC();
  const { data: users } = useSuspenseQuery(trpc.user.list.queryOptions());
  const { data: me } = useSuspenseQuery(trpc.auth.me.queryOptions());
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-zinc-900/5">
      <table className="w-full text-sm">
        <caption className="sr-only">Users of the organization</caption>
        <thead className="border-b border-zinc-200 text-left text-zinc-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Name</th>
            <th scope="col" className="px-3 py-2 font-medium">E-mail</th>
            <th scope="col" className="px-3 py-2 font-medium">Role</th>
            <th scope="col" className="px-3 py-2 font-medium">Last sign-in</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {users.map((user) => (
            <UserRow key={user.id} user={user} isMe={user.id === me.id} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserRow({ user, isMe }: { user: OrganizationUser; isMe: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // the change stays pending until the list shows it: the select does not flick back to the old role meanwhile
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.user.list.pathFilter()),
      queryClient.invalidateQueries(trpc.apiToken.list.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.list.pathFilter()),
    ]);
  const changeRole = useMutation(
    trpc.user.changeRole.mutationOptions({
      onSuccess(_, { role }) {
        // an admin who gave up the role sees the pages the new one allows
        if (isMe && role !== "admin") window.location.reload();
        else return refresh();
      },
    }),
  );
  const deactivate = useMutation(trpc.user.deactivate.mutationOptions({ onSuccess: refresh }));

  const roleId = `user-${user.id}-role`;
  const roleErrorId = `${roleId}-error`;
  // while the change is on its way, the select shows the role asked for; refused, the stored one again
  const shownRole = changeRole.isPending ? changeRole.variables.role : user.role;
  return (
    <tr>
      <td className={cellClass}>
        <div className="font-medium text-zinc-900">{user.name ?? "—"}</div>
        <div className="font-mono text-xs text-zinc-500">{user.reference}</div>
      </td>
      <td className={cellClass}>{user.email}</td>
      <td className={cellClass}>
        <Select
          id={roleId}
          aria-label={`Role of ${user.email}`}
          value={shownRole}
          // a deactivated user's role cannot be changed (the server refuses it)
          disabled={!user.active || changeRole.isPending}
          onChange={(event) => changeRole.mutate({ userId: user.id, role: event.target.value as UserRole })}
          className="w-28"
          {...(changeRole.error ? { "aria-invalid": true, "aria-describedby": roleErrorId } : {})}
        >
          {userRoles.map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </Select>
        {changeRole.error ? (
          <p id={roleErrorId} role="alert" className="mt-1 max-w-56 text-xs font-medium text-red-600">
            {changeRole.error.message}
          </p>
        ) : null}
      </td>
      <td className={`${cellClass} whitespace-nowrap text-zinc-600 tabular-nums`}>
        {user.lastSignedInAt ? formatDateTime(user.lastSignedInAt) : "Never"}
      </td>
      <td className={cellClass}>{user.active ? <Badge tone="positive">Active</Badge> : <Badge>Deactivated</Badge>}</td>
      <td className={`${cellClass} text-right`}>
        {user.active ? (
          <ConfirmButton
            label="Deactivate"
            subject={user.email}
            question={isMe ? "Deactivate yourself? You will be signed out." : `Deactivate ${user.email}? Their sessions and API tokens end now.`}
            confirmLabel="Yes, deactivate"
            isPending={deactivate.isPending}
            onConfirm={() => deactivate.mutate({ userId: user.id })}
          />
        ) : null}
        {deactivate.error ? (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {deactivate.error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
