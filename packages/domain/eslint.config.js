import base from "@cr/eslint-config/base";

// Stryker's sandbox copies and its reports (pnpm test:mutation) are not source.
export default [{ ignores: [".stryker-tmp/**", "reports/**"] }, ...base];
