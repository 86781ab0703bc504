/**
 * GET /uploads/<organization>/photoCustomer/<file>: serves a stored customer
 * picture (SPEC §3 `imageFile`) to the signed-in users of its organization
 * only, by the `JSESSIONID` cookie (the UI's <img> sends it, same origin) or
 * `Authorization: Bearer <api token>`, as every legacy API call.
 *
 * - No credential, or one that is not valid: 401 `unauthorized`, before any
 *   name is looked at.
 * - A user of another organization: the same 404 as a missing file, so that
 *   nothing tells whether a picture exists.
 * - Names are unique per upload, so a found picture is cacheable for a year,
 *   but `private`: never by a shared cache, which would hand it to anyone.
 *   `nosniff` and a sandboxing CSP make sure a browser never treats a picture
 *   as anything but an image.
 *
 * Not rate-limited: a page of customers loads one picture per row. Plain
 * `Response` objects, so the handler runs the same under Next.js and in tests.
 */
import { AppError, errors } from "@cr/domain";

import { findRequestUser } from "../auth/credentials";
import type { ServerDeps } from "../deps";
import { legacyErrorResponse } from "../legacy/legacy-response";
import { serveRequest } from "../serve-request";

type RouteContext = { params: Promise<{ organization: string; file: string }> };

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
} as const;

const CACHE_PRIVATELY_FOREVER = "private, max-age=31536000, immutable";

const pictureNotFound = () => new AppError("not_found", "The file doesn't exist.");

function errorResponse(error: unknown, request: Request): Response {
  const response = legacyErrorResponse(error, { method: request.method, url: request.url });
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

const UPLOADS_ROUTE = "/uploads/{organization}/photoCustomer/{file}";

export function createUploadsHandler(getDeps: () => ServerDeps | Promise<ServerDeps>) {
  return {
    GET: (request: Request, ctx: RouteContext): Promise<Response> =>
      serveRequest(request, { door: "uploads", route: UPLOADS_ROUTE }, () => servePicture(getDeps, request, ctx)),
  };
}

async function servePicture(
  getDeps: () => ServerDeps | Promise<ServerDeps>,
  request: Request,
  ctx: RouteContext,
): Promise<Response> {
  try {
    const { organization, file } = await ctx.params;
    const deps = await getDeps();
    const user = await findRequestUser(deps, request.headers);
    if (!user) throw errors.authenticationRequired();
    if (user.organizationSlug !== organization) throw pictureNotFound();
    // The storage validates both names; anything it cannot serve is absent.
    const picture = await deps.pictureStorage.open(organization, file);
    if (!picture) throw pictureNotFound();
    if (picture.kind === "redirect") {
      return new Response(null, {
        status: 302,
        headers: { Location: picture.url, "Cache-Control": CACHE_PRIVATELY_FOREVER, ...SECURITY_HEADERS },
      });
    }
    return new Response(picture.body, {
      status: 200,
      headers: {
        "Content-Type": picture.contentType,
        "Content-Length": String(picture.size),
        "Cache-Control": CACHE_PRIVATELY_FOREVER,
        ...SECURITY_HEADERS,
      },
    });
  } catch (error) {
    return errorResponse(error, request);
  }
}
