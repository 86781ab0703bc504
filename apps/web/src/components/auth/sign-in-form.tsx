"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";

import { useIsHydrated } from "../hooks/use-is-hydrated";
import { Button } from "../ui/button";
import { Input } from "../ui/controls";

/**
 * Signs in through the legacy login (`/j_spring_security_check`), so the web
 * UI and the legacy clients share one kind of session: the answer sets the
 * `JSESSIONID` cookie that every page and procedure reads.
 */
async function signIn(email: string, password: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch("/j_spring_security_check", {
      method: "POST",
      body: new URLSearchParams({ j_username: email, j_password: password, ajax: "true" }),
    });
  } catch {
    return "The server could not be reached. Check your connection and try again.";
  }
  if (response.ok) return null;
  if (response.status === 401) return "Bad credentials";
  if (response.status === 429) {
    const seconds = response.headers.get("retry-after");
    return `Too many attempts. Try again ${seconds ? `in ${seconds} seconds` : "later"}.`;
  }
  return "Signing in failed. Try again in a moment.";
}

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const isHydrated = useIsHydrated();
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsSubmitting(true);
    setError(null);
    const refusal = await signIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
    if (refusal) {
      setError(refusal);
      setIsSubmitting(false);
      return;
    }
    router.replace(next);
  };

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="email" className="block font-medium text-zinc-700">
          Email
        </label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus aria-invalid={error ? true : undefined} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block font-medium text-zinc-700">
          Password
        </label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={error ? true : undefined} />
      </div>
      {error ? (
        <p role="alert" className="font-medium text-red-600">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" className="w-full" disabled={!isHydrated || isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
