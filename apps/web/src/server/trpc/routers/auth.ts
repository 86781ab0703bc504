import { clearedSessionCookieHeader } from "../../auth/credentials";
import { signOut } from "../../services/sign-in";
import { createTRPCRouter, protectedProcedure } from "../init";

export const authRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => ctx.user),

  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    const token = ctx.sessionToken;
    if (token) await signOut({ deps: ctx.deps, token });
    ctx.resHeaders?.append("set-cookie", clearedSessionCookieHeader());
    return { signedOut: true };
  }),
});
