/** Serves customer pictures; see `~/server/pictures/serve-upload`. */
import { getPictureStorage } from "~/server/deps";
import { createUploadsHandler } from "~/server/pictures/serve-upload";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = createUploadsHandler(() => getPictureStorage());

export const GET = handler.GET;
