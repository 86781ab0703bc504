import { getServerDeps } from "~/server/deps";
import { createLoginHandlers } from "~/server/legacy/login-handler";

export const dynamic = "force-dynamic";

export const { POST, GET } = createLoginHandlers(getServerDeps);
