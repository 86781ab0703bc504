import { afterAll, beforeAll, expect, it } from "vitest";

import { handleTRPCRequest } from "~/server/trpc/http";

import { makePng } from "./pictures/images";
import { PUBLIC_BASE_URL, sessionTokenOf, startTestServer, type TestServer } from "./support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 1 });
});

afterAll(async () => {
  await server?.close();
});

it("accepts the UI's multipart picture upload over HTTP", async () => {
  const form = new FormData();
  form.set("id", "256");
  form.set("imageFile", new File([new Uint8Array(await makePng(64, 64))], "logo.png", { type: "image/png" }));
  const req = new Request(`${PUBLIC_BASE_URL}/api/trpc/customer.uploadLogo`, {
    method: "POST",
    headers: { cookie: `JSESSIONID=${await sessionTokenOf(server.deps, "admin@entity1.test")}` },
    body: form,
  });
  const response = await handleTRPCRequest(req, server.deps);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { logo: string } } } };
  expect(body.result.data.json.logo).toMatch(/^\d+_[0-9a-f]{16}_logo\.png$/);
});
