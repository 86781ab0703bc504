/**
 * @cr/domain: the customer update contract as plain TypeScript and zod. No
 * database, HTTP, Next or Node-only import: the web form runs it in the browser.
 */
export * from "./errors";
export * from "./authorization";
export * from "./organization-admin";
export * from "./email";
export * from "./customer";
export * from "./field-kinds";
export * from "./customer-fields";
export * from "./countries";
export * from "./customer-patch";
export * from "./customer-bulk-patch";
export * from "./legacy-form";
export * from "./customer-naming";
export * from "./legacy-batch";
export * from "./update-rules";
export * from "./legacy-json";
export * from "./related-objects";
export * from "./legacy-related-json";
export * from "./legacy-customer-list-query";
export * from "./legacy-customer-history";
export * from "./customer-events";
export * from "./webhooks";
export * from "./legacy-json-schemas";
export * from "./legacy-update-parameters";
export * from "./customer-csv";
export * from "./customer-export-query";
