/**
 * GET /uploads/<organization>/photoCustomer/<file>: serves a stored customer
 * picture (SPEC §3 `imageFile`). Names are unique per upload, so a found picture
 * is cacheable for a year; `nosniff` and a sandboxing CSP make sure a browser
 * never treats a picture as anything but an image. Plain `Response` objects, so
 * the handler runs the same under Next.js and in tests.
 */
import { logError } from "../log";
import type { PictureStorage } from "./picture-storage";

type RouteContext = { params: Promise<{ organization: string; file: string }> };

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
} as const;

const CACHE_FOREVER = "public, max-age=31536000, immutable";

function jsonError(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...SECURITY_HEADERS },
  });
}

export function createUploadsHandler(getStorage: () => PictureStorage | Promise<PictureStorage>) {
  return {
    async GET(request: Request, ctx: RouteContext): Promise<Response> {
      try {
        const { organization, file } = await ctx.params;
        const storage = await getStorage();
        // The storage validates both names; anything it cannot serve is absent.
        const picture = await storage.open(organization, file);
        if (!picture) return jsonError(404, "not_found", "The file doesn't exist.");
        if (picture.kind === "redirect") {
          return new Response(null, {
            status: 302,
            headers: { Location: picture.url, "Cache-Control": CACHE_FOREVER, ...SECURITY_HEADERS },
          });
        }
        return new Response(picture.body, {
          status: 200,
          headers: {
            "Content-Type": picture.contentType,
            "Content-Length": String(picture.size),
            "Cache-Control": CACHE_FOREVER,
            ...SECURITY_HEADERS,
          },
        });
      } catch (error) {
        logError("uploads: could not serve a picture", error, { url: request.url });
        return jsonError(500, "server_error", "Oops! Something went wrong...");
      }
    },
  };
}
