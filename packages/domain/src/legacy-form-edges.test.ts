import { describe, expect, it } from "vitest";

import { decodeLegacyCustomerForm } from "./legacy-form";
import { describeRefusal } from "./test-factories";

describe("decodeLegacyCustomerForm: payment types whose id is no number", () => {
  it.each(['[{"id":true}]', "[{}]", '[{"id":null}]', '[{"id":{"id":7}}]', '[{"id":[7]}]'])(
    "refuses %s as a wrong type of payment type id",
    (value) => {
      expect(describeRefusal(() => decodeLegacyCustomerForm([["paymentTypes", value]]))).toEqual({
        code: "invalid_param_type",
        status: 400,
        message: "The type of parameter payment type id you provided is not valid for this request.",
        field: "paymentTypes",
      });
    },
  );
});
