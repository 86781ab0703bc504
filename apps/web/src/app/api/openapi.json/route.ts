import { createOpenApiHandlers } from "~/server/legacy/openapi-handler";

export const { GET, POST, PUT, PATCH, DELETE } = createOpenApiHandlers();
