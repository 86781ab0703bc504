import { can } from "@cr/domain";
import type { ReactNode } from "react";
import Link from "next/link";

import { SignOutButton } from "~/components/auth/sign-out-button";
import { TRPCReactProvider } from "~/trpc/react";
import { getQueryClient, HydrateClient, trpc } from "~/trpc/server";

import { requireSignedInUser } from "./require-signed-in-user";

const navLinkClass = "text-zinc-600 hover:text-zinc-900";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireSignedInUser();
  // every page asks it what the user's role allows (usePermissions): it arrives with the HTML
  await getQueryClient().prefetchQuery(trpc.auth.me.queryOptions());
  return (
    <TRPCReactProvider>
      <HydrateClient>
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white">
          <div className="mx-auto flex h-12 max-w-6xl items-center gap-6 px-6">
            <Link href="/customers" className="font-semibold text-zinc-900">
              Customer records
            </Link>
            <nav aria-label="Main" className="flex gap-4">
              <Link href="/customers" className={navLinkClass}>
                Customers
              </Link>
              {can(user, "organization.manage") ? (
                <>
                  <Link href="/admin/users" className={navLinkClass}>
                    Users
                  </Link>
                  <Link href="/admin/api-tokens" className={navLinkClass}>
                    API tokens
                  </Link>
                  <Link href="/admin/webhooks" className={navLinkClass}>Webhooks</Link>
                  <Link href="/admin/audit" className={navLinkClass}>
                    Audit log
                  </Link>
                </>
              ) : null}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-zinc-500">
              <span>
                {user.email} · {user.organizationSlug}
              </span>
              <SignOutButton />
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-6 py-8">
          {children}
        </main>
      </HydrateClient>
    </TRPCReactProvider>
  );
}
