import { describe, expect, it } from "vitest";

import { summarizeStatement } from "./statement-summary";

describe("summarizeStatement", () => {
  it.each([
    ['select "id" from "organizations" where "organizations"."slug" = $1', "SELECT organizations"],
    // a subquery's table is not the statement's
    ['select "customers"."id", (select json_agg("id") from "customer_payment_types" where "customer_id" = "customers"."id") from "customers" where "id" = $1', "SELECT customers"],
    ['select "id" from "customers" where "id" = $1 for update', "SELECT customers"],
    ['update "customers" set "comment" = $1 where "id" = $2', "UPDATE customers"],
    ['insert into "sessions" ("token_hash", "user_id") values ($1, $2)', "INSERT sessions"],
    ['insert into "login_throttle" ("key") values ($1) on conflict ("key") do update set "points" = "login_throttle"."points" + 1', "INSERT login_throttle"],
    ['delete from "idempotency_keys" where "expires_at" < $1', "DELETE idempotency_keys"],
    // a write inside a with is what the statement does
    ['\n    with updated as (\n      update "customers" set "comment" = $1 returning "id"\n    ) insert into "customer_history" select * from updated', "UPDATE customers"],
    ['with recent as (select "id" from "customer_events" where "id" > $1) select * from "customers" where "id" in (select "id" from recent)', "SELECT customers"],
    ["savepoint sp1", "SAVEPOINT"],
    ["select 1 / 0", "SELECT"],
  ])("%s is %s", (text, summary) => {
    expect(summarizeStatement(text).summary).toBe(summary);
  });

  it("names the operation and the table apart, as the span's attributes do", () => {
    expect(summarizeStatement('update "customers" set "name" = $1')).toEqual({ operation: "UPDATE", collection: "customers", summary: "UPDATE customers" });
  });
});
