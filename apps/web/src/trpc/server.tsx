/**
 * Server-side tRPC for pages: the same procedures, called in-process with
 * the request's cookies, their answers put in a per-request QueryClient and
 * handed to the browser (create-t3-turbo's `prefetch` + `HydrateClient`), so
 * a page arrives rendered and its queries do not run again on hydration.
 */
import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";

import { getServerDeps } from "~/server/deps";
import { createTRPCContext } from "~/server/trpc/init";
import { appRouter } from "~/server/trpc/root";

import { createQueryClient } from "./query-client";

// once per request: the session is looked up once however many procedures a page calls
const createContext = cache(async () =>
  createTRPCContext({ deps: await getServerDeps(), headers: await headers() }),
);

export const getQueryClient = cache(() => createQueryClient());

export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: createContext,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
