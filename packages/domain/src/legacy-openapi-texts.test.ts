/**
 * The OpenAPI document of apps/web is generated from the schemas and the
 * parameter table of this package: their descriptions, examples, patterns and
 * bounds are what integrators read. This pins them in one reviewed file, so
 * that a text or a bound changes on purpose only (`vitest run -u` rewrites it).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { CustomerExportExtraParams } from "./customer-export-query";
import { LegacyCustomerChangeJson, LegacyCustomerHistoryJson, LegacyCustomerHistoryParams } from "./legacy-customer-history";
import { LegacyCustomerListParams } from "./legacy-customer-list-query";
import * as answers from "./legacy-json-schemas";
import { legacyUpdateParameterDocs } from "./legacy-update-parameters";

describe("the texts of the OpenAPI document", () => {
  it("are the reviewed ones: answers, query parameters and the update's parameter table", async () => {
    const schemas = Object.fromEntries(
      Object.entries({ ...answers, LegacyCustomerChangeJson, LegacyCustomerHistoryJson }).map(([name, schema]) => [
        name,
        z.toJSONSchema(schema),
      ]),
    );
    const queryParameters = Object.fromEntries(
      Object.entries({
        list: LegacyCustomerListParams,
        history: LegacyCustomerHistoryParams,
        export: CustomerExportExtraParams,
      }).map(([name, params]) => [
        name,
        Object.fromEntries(Object.entries(params.shape).map(([param, schema]) => [param, z.toJSONSchema(schema, { io: "input" })])),
      ]),
    );
    const document = { schemas, queryParameters, updateParameters: legacyUpdateParameterDocs };
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot("./__snapshots__/legacy-openapi-texts.json");
  });
});
