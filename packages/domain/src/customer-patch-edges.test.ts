import { describe, expect, it } from "vitest";

import { appErrorFromIssue } from "./customer-patch";

describe("appErrorFromIssue: the field of a refusal inside a list", () => {
  it("names the first named segment of the path, never an item's index", () => {
    // a list of tRPC inputs `[{ id, patch }]`: the second item's id is refused
    expect(appErrorFromIssue({ code: "custom", path: [1, "id"], message: "m", input: "x" }).field).toBe("id");
    expect(appErrorFromIssue({ code: "custom", path: [1, "patch", "billingLat"], message: "m", input: 100 }).field).toBe(
      "billingLat",
    );
    expect(appErrorFromIssue({ code: "custom", path: [3], message: "m", input: 1 }).field).toBeUndefined();
  });
});
