import { testOptions } from "@cr/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: testOptions("domain", { include: ["src/**/*.test.ts"] }),
});
