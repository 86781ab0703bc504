import { describe, expect, it } from "vitest";

import { readLegacyForm } from "./read-legacy-form";

function post(contentType: string, body: BodyInit): Request {
  return new Request("http://records.test/", { method: "POST", headers: { "content-type": contentType }, body });
}

async function refusal(request: Request) {
  return readLegacyForm(request, 1024).then(() => undefined, (error: unknown) => error);
}

/** A multipart body written by hand, so that its parts carry the bytes and headers a legacy client sends. */
function multipartBody(parts: { name: string; headers?: string[]; body: Uint8Array | string; filename?: string }[]): Uint8Array<ArrayBuffer> {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `Content-Disposition: form-data; name="${part.name}"${part.filename === undefined ? "" : `; filename="${part.filename}"`}`;
    chunks.push(Buffer.from(["--b", disposition, ...(part.headers ?? []), "", ""].join("\r\n"), "latin1"));
    chunks.push(typeof part.body === "string" ? Buffer.from(part.body, "latin1") : Buffer.from(part.body));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from("--b--\r\n"));
  return new Uint8Array(Buffer.concat(chunks));
}

describe("readLegacyForm: UTF-8", () => {
  it.each([
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded;charset=UTF-8",
    'application/x-www-form-urlencoded; charset="utf8"',
    "Application/X-WWW-Form-Urlencoded; Charset=Utf8",
  ])("reads %s as UTF-8", async (contentType) => {
    const form = await readLegacyForm(post(contentType, "city=Saint-%C3%89tienne&name=Caf%C3%A9+de+Paris"), 1024);
    expect(form.fields).toEqual([
      ["city", "Saint-Étienne"],
      ["name", "Café de Paris"],
    ]);
  });

  it.each(["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8"])(
    "refuses bytes that are not UTF-8 in %s, naming the parameter, rather than store U+FFFD",
    async (contentType) => {
      expect(await refusal(post(contentType, "city=Nice&name=Caf%E9+de+Paris"))).toMatchObject({
        code: "invalid_param_type",
        status: 400,
        field: "name",
        message: "The type of parameter name you provided is not valid for this request.",
      });
      // the same byte sent raw, not percent-encoded
      const raw = new Uint8Array([...Buffer.from("name=Caf"), 0xe9]);
      expect(await refusal(post(contentType, raw))).toMatchObject({ code: "invalid_param_type", field: "name" });
    },
  );

  it("keeps a % that is not an escape and an empty value as they are", async () => {
    const form = await readLegacyForm(post("application/x-www-form-urlencoded", "comment=100%+sure%&website=&&flag"), 1024);
    expect(form.fields).toEqual([
      ["comment", "100% sure%"],
      ["website", ""],
      ["flag", ""],
    ]);
  });
});

describe("readLegacyForm: a declared charset", () => {
  it.each([
    ["ISO-8859-1", "name=Caf%E9+de+Paris", "Café de Paris"],
    ["latin1", "name=Caf%E9+de+Paris", "Café de Paris"],
    ['"iso-8859-1"', "name=Caf%E9+de+Paris", "Café de Paris"],
    ["windows-1252", "name=Caf%E9+%80+Paris", "Café € Paris"],
    ["cp1252", "name=%93Caf%E9%94", "“Café”"],
    ["ISO-8859-15", "name=Caf%E9+%A4", "Café €"],
  ])("reads a form in %s", async (charset, body, name) => {
    const form = await readLegacyForm(post(`application/x-www-form-urlencoded; charset=${charset}`, body), 1024);
    expect(form.fields).toEqual([["name", name]]);
  });

  it("reads the HTML _charset_ field, and does not pass it on as a parameter", async () => {
    const form = await readLegacyForm(post("application/x-www-form-urlencoded", "_charset_=ISO-8859-1&name=Caf%E9"), 1024);
    expect(form.fields).toEqual([["name", "Café"]]);
  });

  it.each([
    ["application/x-www-form-urlencoded; charset=utf-16", "utf-16"],
    ["application/x-www-form-urlencoded; charset=shift_jis", "shift_jis"],
    ["application/x-www-form-urlencoded; charset=", ""],
    ["application/x-www-form-urlencoded; charset=no-such-charset", "no-such-charset"],
    ["multipart/form-data; boundary=b; charset=utf-16le", "utf-16le"],
  ])("refuses %s, naming the charset, rather than read it as something it is not", async (contentType, charset) => {
    // UTF-16 "name=x": decoded as UTF-8, NULs between the letters
    const body = new Uint8Array([0x6e, 0, 0x61, 0, 0x6d, 0, 0x65, 0, 0x3d, 0, 0x78, 0]);
    const error = await refusal(post(contentType, body));
    expect(error).toMatchObject({ code: "invalid_param_type", status: 400 });
    expect((error as Error).message).toContain(`The request content type is not supported: the charset "${charset}" cannot be read`);
  });

  it("refuses a _charset_ field that names a charset it cannot read", async () => {
    const error = await refusal(post("application/x-www-form-urlencoded", "_charset_=UTF-16&name=x"));
    expect((error as Error).message).toContain('the charset "UTF-16" cannot be read');
  });
});

describe("readLegacyForm: multipart", () => {
  it("reads a body built by FormData, with its file parts", async () => {
    const body = new FormData();
    body.set("city", "Saint-Étienne");
    body.set("imageFile", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "logo.png");
    const form = await readLegacyForm(new Request("http://records.test/", { method: "POST", body }), 1024);
    expect(form.fields).toEqual([["city", "Saint-Étienne"]]);
    const [file] = form.files.get("imageFile")!;
    expect({ name: file!.name, type: file!.type, bytes: [...new Uint8Array(await file!.arrayBuffer())] }).toEqual({
      name: "logo.png",
      type: "image/png",
      bytes: [1, 2, 3],
    });
  });

  it("reads each text part in its own charset, else the body's, else the _charset_ field's", async () => {
    const latin1 = "Caf\u00e9";
    const ownCharset = multipartBody([
      { name: "name", headers: ["Content-Type: text/plain; charset=ISO-8859-1"], body: latin1 },
      { name: "city", body: Buffer.from("Saint-Étienne") },
    ]);
    expect((await readLegacyForm(post("multipart/form-data; boundary=b", ownCharset), 1024)).fields).toEqual([
      ["name", "Café"],
      ["city", "Saint-Étienne"],
    ]);

    const bodyCharset = multipartBody([{ name: "name", body: latin1 }]);
    expect((await readLegacyForm(post("multipart/form-data; boundary=b; charset=windows-1252", bodyCharset), 1024)).fields).toEqual([
      ["name", "Café"],
    ]);

    const charsetField = multipartBody([
      { name: "_charset_", body: "iso-8859-15" },
      { name: "name", body: "Caf\u00e9 \u00a4" },
    ]);
    expect((await readLegacyForm(post("multipart/form-data; boundary=b", charsetField), 1024)).fields).toEqual([["name", "Café €"]]);
  });

  it("refuses a text part that is not UTF-8 when nothing declares its charset, naming it", async () => {
    const body = multipartBody([
      { name: "city", body: "Nice" },
      { name: "name", body: "Caf\u00e9" },
    ]);
    expect(await refusal(post("multipart/form-data; boundary=b", body))).toMatchObject({ code: "invalid_param_type", field: "name" });
  });

  it("leaves a file part's bytes alone, whatever charset it names", async () => {
    const body = multipartBody([
      { name: "imageFile", filename: "x.bin", headers: ["Content-Type: text/plain; charset=utf-16"], body: new Uint8Array([0xe9, 0xff]) },
    ]);
    const form = await readLegacyForm(post("multipart/form-data; boundary=b", body), 1024);
    expect([...new Uint8Array(await form.files.get("imageFile")![0]!.arrayBuffer())]).toEqual([0xe9, 0xff]);
  });

  it.each([
    ["no boundary", "multipart/form-data", multipartBody([{ name: "name", body: "x" }])],
    ["another boundary", "multipart/form-data; boundary=c", multipartBody([{ name: "name", body: "x" }])],
    ["a part that does not end", "multipart/form-data; boundary=b", new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nabc')],
    ["a part without a name", "multipart/form-data; boundary=b", new TextEncoder().encode("--b\r\nContent-Type: text/plain\r\n\r\nabc\r\n--b--")],
  ])("refuses a body with %s as an unreadable body", async (_case, contentType, body) => {
    expect(await refusal(post(contentType, body))).toMatchObject({ code: "invalid_param_type", field: "body" });
  });
});
