import { headers } from "next/headers";
import { redirect } from "next/navigation";

import { safeNextPath } from "~/components/auth/safe-next-path";
import { SignInForm } from "~/components/auth/sign-in-form";
import { findRequestUser } from "~/server/auth/credentials";
import { getServerDeps } from "~/server/deps";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await findRequestUser(await getServerDeps(), await headers())) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center px-6">
      <div className="w-full max-w-sm space-y-6 rounded-xl bg-white p-8 shadow-sm ring-1 ring-zinc-900/5">
        <div className="space-y-1">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Sign in</h1>
          <p className="text-zinc-500">Customer records of your organization.</p>
        </div>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
