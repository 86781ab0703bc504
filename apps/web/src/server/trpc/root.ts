import { authRouter } from "./routers/auth";
import { customerRouter } from "./routers/customer";
import { organizationRouter } from "./routers/organization";
import { apiTokenRouter, auditRouter, userRouter } from "./routers/organization-admin";
import { referenceRouter } from "./routers/reference";
import { webhookRouter } from "./routers/webhook";
import { createCallerFactory, createTRPCRouter } from "./init";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  customer: customerRouter,
  organization: organizationRouter,
  reference: referenceRouter,
  user: userRouter,
  apiToken: apiTokenRouter,
  audit: auditRouter,
  webhook: webhookRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller with the same context factory as the HTTP door (used by tests). */
export const createCaller = createCallerFactory(appRouter);
