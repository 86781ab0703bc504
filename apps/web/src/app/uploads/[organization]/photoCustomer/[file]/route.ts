/** Serves customer pictures to their organization's users; see `~/server/pictures/serve-upload`. */
import { getServerDeps } from "~/server/deps";
import { createUploadsHandler } from "~/server/pictures/serve-upload";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = createUploadsHandler(() => getServerDeps());

export const GET = handler.GET;
