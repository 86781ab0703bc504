/**
 * One implementation per legacy route: the table that the production server
 * serves without Next names exactly the legacy route files under `src/app`,
 * each route file exports the table's own functions, and the table matches a
 * path to the route that Next would pick for it.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  createLegacyRouter,
  type LegacyRouteHandlers,
  legacyMethods,
  legacyRouteHandlers,
} from "~/server/legacy/legacy-routes";

import { webDir } from "../support/built-app";

const appDir = path.join(webDir, "src/app");

/** Route folders (relative to src/app) below `folder` that hold a route.ts. */
function routeFolders(folder: string): string[] {
  return readdirSync(path.join(appDir, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return routeFolders(relative);
    return entry.name === "route.ts" ? [folder] : [];
  });
}

const legacyRouteFolders = [...routeFolders("api/[version]"), ...routeFolders("j_spring_security_check")];

describe("the legacy route table", () => {
  it("names every route file of the legacy API, and nothing else", () => {
    expect(Object.keys(legacyRouteHandlers).sort()).toEqual(legacyRouteFolders.sort());
  });

  it("is what each of those route files exports", async () => {
    const table = legacyRouteHandlers as Record<string, LegacyRouteHandlers>;
    for (const folder of legacyRouteFolders) {
      const routeModule = (await import(path.join(appDir, folder, "route.ts"))) as Record<string, unknown>;
      const exported = legacyMethods.filter((method) => method in routeModule);
      expect(exported, folder).toEqual(legacyMethods.filter((method) => method in table[folder]!));
      for (const method of exported) expect(routeModule[method], `${folder} ${method}`).toBe(table[folder]![method]);
    }
  });
});

describe("matching a path to its route, as Next matches the folders", () => {
  const router = createLegacyRouter(legacyRouteHandlers);
  const match = (pathname: string) => {
    const found = router.match(pathname);
    return found && { file: found.file, params: found.params };
  };

  it("takes dynamic segments as decoded params", () => {
    expect(match("/api/v1.0/customers/256")).toEqual({ file: "api/[version]/customers/[id]", params: { version: "v1.0", id: "256" } });
    expect(match("/api/v2.1/customers/reference/NC%2F3%20b")).toEqual({
      file: "api/[version]/customers/reference/[reference]",
      params: { version: "v2.1", reference: "NC/3 b" },
    });
    expect(match("/api/v1.0/customers")).toEqual({ file: "api/[version]/customers", params: { version: "v1.0" } });
    expect(match("/j_spring_security_check")).toEqual({ file: "j_spring_security_check", params: {} });
  });

  it("puts a static segment before a dynamic one, as Next does", () => {
    const table = {
      "things/[id]": { GET: async () => new Response("by id") },
      "things/special": { GET: async () => new Response("special") },
    };
    const things = createLegacyRouter(table);
    expect(things.match("/things/special")?.file).toBe("things/special");
    expect(things.match("/things/other")?.params).toEqual({ id: "other" });
  });

  it("matches no route for an empty segment, a trailing slash, another path, or a segment that does not decode", () => {
    for (const pathname of [
      "/api/v1.0/customers//",
      "/api/v1.0/customers/256/",
      "/api//customers/256",
      "/api/v1.0/customers/256/notes",
      "/customers/256",
      "/api/v1.0/customers/%E0%A4%A",
      "api/v1.0/customers/256",
    ]) {
      expect(router.match(pathname), pathname).toBeUndefined();
    }
  });
});
