/**
 * tRPC setup. Domain errors are mapped to tRPC here, once: the procedure
 * middleware turns an AppError (or an input refused by the shared zod schema)
 * into a TRPCError of the matching kind, and the error formatter hands the
 * UI the contract's code and the field concerned.
 */
import { AppError, appErrorFromZodError } from "@cr/domain";
import type { AuthenticatedUser } from "@cr/db/repositories";
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";

import { findRequestUser, readSessionCookie } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { currentRequestScope } from "../request-scope";

export interface TRPCContext {
  deps: ServerDeps;
  user: AuthenticatedUser | undefined;
  /** The `JSESSIONID` cookie, so that signing out can revoke it. */
  sessionToken: string | undefined;
  /** Headers of the HTTP answer (cookies); absent for server-side callers. */
  resHeaders?: Headers;
}

export async function createTRPCContext(args: {
  deps: ServerDeps;
  headers: Headers;
  resHeaders?: Headers;
}): Promise<TRPCContext> {
  return {
    deps: args.deps,
    user: await findRequestUser(args.deps, args.headers),
    sessionToken: readSessionCookie(args.headers),
    resHeaders: args.resHeaders,
  };
}

const trpcCodeByStatus: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
};

function domainErrorOf(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return appErrorFromZodError(error);
  return undefined;
}

/**
 * A fault shows nothing of itself; the request id lets the user quote it to
 * the operators, who find the fault's log line by it. (The UI is no legacy
 * client: it always gets the id.)
 */
function hiddenFaultMessage(): string {
  const requestId = currentRequestScope()?.requestId;
  return requestId ? `Oops! Something went wrong... (request id: ${requestId})` : "Oops! Something went wrong...";
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const domainError = domainErrorOf(error.cause);
    const isHidden = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: isHidden ? hiddenFaultMessage() : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        // the contract's error code and parameter, so the UI can show the
        // message next to the field it concerns
        domainCode: isHidden ? "server_error" : (domainError?.code ?? null),
        field: domainError?.field ?? null,
      },
    };
  },
});

/** AppErrors and refused input keep their meaning; anything else becomes a 500 that tells nothing. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    const domainError = domainErrorOf(cause) ?? domainErrorOf(result.error);
    if (domainError && domainError.code !== "server_error") {
      throw new TRPCError({
        code: trpcCodeByStatus[domainError.status] ?? "BAD_REQUEST",
        message: domainError.message,
        cause: domainError,
      });
    }
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Every procedure of the UI needs a session and sees only the user's organization. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Full authentication is required to access this resource" });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});
