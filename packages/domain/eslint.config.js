export { default } from "@cr/eslint-config/base";
