import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Shared flat config for every package.
 * `restrictEnvAccess`: configuration is read and validated once, in each
 * package's `env.ts`; everything else receives it as typed values.
 */
export const restrictEnvAccess = {
  files: ["**/*.ts", "**/*.tsx"],
  ignores: ["**/env.ts", "**/*.config.ts", "**/*.test.ts", "**/test/**", "**/scripts/**", "**/bench/**"],
  rules: {
    "no-restricted-properties": [
      "error",
      {
        object: "process",
        property: "env",
        message: "Read configuration through env.ts, not process.env.",
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/migrations/**", "**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  restrictEnvAccess,
);
