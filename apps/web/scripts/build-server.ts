/**
 * Compiles the production server (`server.ts`) into `dist/server.js` at
 * `pnpm build`, so that `pnpm start` runs plain JavaScript on Node, with no
 * TypeScript loader in production.
 *
 * One ESM file: the app's own code and the workspace packages (which export
 * TypeScript source) are bundled; the packages that apps/web lists in its
 * `dependencies` stay imports, loaded from node_modules at run time, as
 * Next's server loads them (native and WebAssembly packages must: sharp,
 * PGlite). Anything else the bundle reaches is bundled.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { build, type Plugin } from "esbuild";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(await readFile(path.join(webDir, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
const runtimePackages = new Set(Object.keys(manifest.dependencies).filter((name) => !name.startsWith("@cr/")));

/** `@scope/name/sub/path` -> `@scope/name`; `name/sub` -> `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

const externalRuntimePackages: Plugin = {
  name: "external-runtime-packages",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./~]/ }, (args) => {
      if (args.path.startsWith("node:")) return { external: true };
      return runtimePackages.has(packageName(args.path)) ? { path: args.path, external: true } : undefined;
    });
  },
};

await build({
  entryPoints: [path.join(webDir, "server.ts")],
  outfile: path.join(webDir, "dist/server.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: path.join(webDir, "tsconfig.json"),
  plugins: [externalRuntimePackages],
  // bundled CommonJS code (drizzle's, zod's) may call require(): give it Node's
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  // to read a stack trace in TypeScript terms: node --enable-source-maps dist/server.js
  sourcemap: true,
  logLevel: "warning",
});
