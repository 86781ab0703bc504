import { describe, expect, it } from "vitest";

import { readLegacyForm } from "./read-legacy-form";

function post(contentType: string, body: BodyInit): Request {
  return new Request("http://records.test/", { method: "POST", headers: { "content-type": contentType }, body });
}

async function refusal(request: Request) {
  return readLegacyForm(request, 1024).then(() => undefined, (error: unknown) => error);
}

describe("readLegacyForm: the body's charset", () => {
  it.each([
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded;charset=UTF-8",
    'application/x-www-form-urlencoded; charset="utf8"',
    "Application/X-WWW-Form-Urlencoded; Charset=Utf8",
  ])("reads %s as UTF-8", async (contentType) => {
    const form = await readLegacyForm(post(contentType, "city=Saint-%C3%89tienne"), 1024);
    expect(form.fields).toEqual([["city", "Saint-Étienne"]]);
  });

  it.each([
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=ISO-8859-1",
    "application/x-www-form-urlencoded; charset=",
    "multipart/form-data; boundary=b; charset=windows-1252",
  ])("refuses %s rather than read it as UTF-8", async (contentType) => {
    // UTF-16 "name=x": decoded as UTF-8, NULs between the letters
    const body = new Uint8Array([0x6e, 0, 0x61, 0, 0x6d, 0, 0x65, 0, 0x3d, 0, 0x78, 0]);
    expect(await refusal(post(contentType, body))).toMatchObject({
      code: "invalid_param_type",
      status: 400,
      message: "The request content type is not supported.",
    });
  });

  it("still reads a multipart body, whose parts carry their own types", async () => {
    const body = new FormData();
    body.set("city", "Nice");
    const form = await readLegacyForm(new Request("http://records.test/", { method: "POST", body }), 1024);
    expect(form.fields).toEqual([["city", "Nice"]]);
  });
});
