"use client";

import { useMutation } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";

import { Button } from "../ui/button";

export function SignOutButton() {
  const trpc = useTRPC();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      // a full load, so that nothing of this user's data stays in memory
      onSettled: () => window.location.assign("/sign-in"),
    }),
  );
  return (
    <Button variant="ghost" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      Sign out
    </Button>
  );
}
