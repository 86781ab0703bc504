import type { NextConfig } from "next";

const config: NextConfig = {
  // the workspace packages export TypeScript source
  transpilePackages: ["@cr/domain", "@cr/db"],
  // native or wasm packages are loaded by Node at run time, not bundled
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "sharp"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default config;
