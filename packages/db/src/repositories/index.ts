export * from "./auth-repository";
export * from "./customer-repository";
export * from "./history-repository";
export * from "./organization-repository";
export * from "./reference-repository";
export * from "./pending-picture-repository";
export * from "./customer-list-repository";
export * from "./related-object-repository";
