"use client";

import { can, type Permission } from "@cr/domain";
import { useSuspenseQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";

/**
 * What the signed-in user's role allows, asked of the domain's policy (the
 * one the services enforce), so that a page never offers a control the
 * server would refuse. `auth.me` is prefetched by the signed-in layout: it
 * is in the cache before any page renders.
 */
export function usePermissions(): { can: (permission: Permission) => boolean } {
  const trpc = useTRPC();
  const { data: me } = useSuspenseQuery(trpc.auth.me.queryOptions());
  return { can: (permission) => can(me, permission) };
}
