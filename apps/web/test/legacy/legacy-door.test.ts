/**
 * The legacy API through the production server's door (`node:http`, no
 * Next; `server/http/legacy-door.ts`) answers exactly what the route handlers
 * answer when Next calls them: each call here is made over real HTTP to the
 * door and again through the handlers the way the other legacy tests call
 * them, and the two answers are compared. Plus what only a real connection
 * shows: a body past the limit is refused while it streams, a client that
 * hangs up mid-body is no server fault, answers stream, several Set-Cookie
 * headers stay apart, and `x-forwarded-for` comes from the socket.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { subscribe, unsubscribe } from "node:diagnostics_channel";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { peerAddressRewriter, REQUEST_START_CHANNEL } from "~/server/auth/peer-address";
import type { ServerDeps } from "~/server/deps";
import { createLegacyRouteHandlers, createLegacyRouter, type LegacyRouteHandlers } from "~/server/legacy/legacy-routes";

import { captureErrorLogs, captureLogs } from "../support/captured-logs";
import { countedBody } from "../support/counted-body";
import { createLegacyApiClient, type LegacyRequest } from "../support/legacy-api-client";
import { type LegacyDoorServer, SERVED_BY_NEXT, startLegacyDoorServer } from "../support/legacy-door-server";
import { DEMO_PASSWORD, sessionTokenOf, startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let door: LegacyDoorServer;
let handlers: ReturnType<typeof createLegacyApiClient>;
let session: Record<string, string>;

/** Handlers of the tests' own, served by the same door: what no legacy route does (yet). */
let releaseSecondChunk: () => void;
const secondChunkReleased = new Promise<void>((resolve) => (releaseSecondChunk = resolve));
const testRoutes: Record<string, LegacyRouteHandlers> = {
  "door-test/cookies": {
    GET: async () => {
      const headers = new Headers();
      headers.append("set-cookie", "first=1; Path=/; HttpOnly");
      headers.append("set-cookie", "second=2; Path=/; Expires=Wed, 09 Jun 2038 10:18:14 GMT");
      return new Response("two cookies", { headers });
    },
  },
  "door-test/stream": {
    GET: async () => {
      const encoder = new TextEncoder();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent++ === 0) return controller.enqueue(encoder.encode("first chunk;"));
          // produced only once the client holds the first: a door that buffered the body would never send it
          await secondChunkReleased;
          controller.enqueue(encoder.encode("second chunk"));
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/plain" } });
    },
  },
  "door-test/throws": {
    GET: async () => {
      throw new Error("a handler that forgot to catch");
    },
  },
  "door-test/forwarded-for": {
    GET: async (request) => new Response(request.headers.get("x-forwarded-for") ?? "(none)"),
  },
};

beforeAll(async () => {
  server = await startTestServer({ customersPerOrganization: 3 });
  handlers = createLegacyApiClient(server.deps);
  door = await startLegacyDoorServer(() => Promise.resolve(server.deps), { extraRoutes: testRoutes });
  session = { cookie: `JSESSIONID=${await sessionTokenOf(server.deps, "admin@entity1.test")}` };
});

afterAll(async () => {
  await door?.close();
  await server?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  setCookies: string[];
  body: unknown;
}

/** The headers a legacy client reads. */
const COMPARED_HEADERS = ["content-type", "cache-control", "allow", "retry-after", "x-ignored-parameters"];

/** What differs between two identical calls made one after the other: a new session, a new time. */
function withoutVolatile(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(withoutVolatile);
  if (json === null || typeof json !== "object") return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [key, key === "token" || key === "lastUpdated" ? `<${key}>` : withoutVolatile(value)]),
  );
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = withoutVolatile(JSON.parse(text));
  } catch {
    // not JSON: compared as text
  }
  return {
    status: response.status,
    headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers.get(name)])),
    setCookies: response.headers.getSetCookie().map((cookie) => cookie.replace(/^JSESSIONID=[^;]+/, "JSESSIONID=<token>")),
    body,
  };
}

function overHttp(path: string, { method = "GET", headers = {}, body }: LegacyRequest = {}): Promise<Response> {
  return fetch(`${door.baseUrl}${path}`, { method, headers, body, duplex: "half" } as RequestInit);
}

/** The same call through the door and through the route handlers; answers the door's. */
async function expectSameAnswer(path: string, call: () => LegacyRequest): Promise<Answer> {
  const throughDoor = await answerOf(await overHttp(path, call()));
  const throughHandlers = await answerOf(await handlers.request(path, call()));
  expect(throughDoor).toEqual(throughHandlers);
  return throughDoor;
}

async function storedCustomer(id = 256): Promise<unknown> {
  return (await handlers.getJson(`/api/v1.0/customers/${id}`, session)) as unknown;
}

describe("the legacy API through the door answers as through the route handlers", () => {
  it("signs in, and the session cookie it sets opens the API over HTTP", async () => {
    const login = () => ({
      method: "POST" as const,
      body: new URLSearchParams({ j_username: "admin@entity1.test", j_password: DEMO_PASSWORD, ajax: "true" }),
    });
    const answer = await expectSameAnswer("/j_spring_security_check", login);
    expect(answer.status).toBe(200);
    expect(answer.setCookies).toEqual(["JSESSIONID=<token>; Path=/; HttpOnly; SameSite=Lax"]);

    const response = await overHttp("/j_spring_security_check", login());
    const [cookie] = response.headers.getSetCookie();
    const show = await overHttp("/api/v1.0/customers/256", { headers: { cookie: cookie!.split(";")[0]! } });
    expect(show.status).toBe(200);
    expect(await show.json()).toMatchObject({ id: 256, reference: "NC-3" });
  });

  it("answers a wrong password with the same 401", async () => {
    const answer = await expectSameAnswer("/j_spring_security_check", () => ({
      method: "POST",
      body: new URLSearchParams({ j_username: "admin@entity1.test", j_password: "wrong", ajax: "true" }),
    }));
    expect(answer.status).toBe(401);
  });

  it("shows a customer, by id and by reference, and the objects it links to", async () => {
    for (const path of [
      "/api/v1.0/customers/256",
      "/api/v2.1/customers/reference/NC-3",
      "/api/v1.0/customerCategories/2",
      "/api/v1.0/paymentTypes/reference/cash",
      "/api/v1.0/users/2",
      "/api/v2.1/regions/2",
    ]) {
      const answer = await expectSameAnswer(path, () => ({ headers: session }));
      expect(answer.status, path).toBe(200);
    }
  });

  it("lists customers with the same paging links", async () => {
    const answer = await expectSameAnswer("/api/v1.0/customers?max=2&offset=1&sort=name", () => ({ headers: session }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ paging: { max: 2, offset: 1, previous: "/api/v1.0/customers?max=2&offset=0&sort=name" } });
  });

  it("updates from a form, naming the ignored parameters in X-Ignored-Parameters", async () => {
    const answer = await expectSameAnswer("/api/v1.0/customers/256", () => ({
      method: "POST",
      headers: session,
      body: new URLSearchParams({ creditLimit: "7500", paymentTypes: '[{"id"=7}]', billingCity: "Cannes", credtLimit: "1" }),
    }));
    expect(answer.status).toBe(200);
    expect(answer.headers["x-ignored-parameters"]).toBe("credtLimit");
    expect(answer.body).toMatchObject({ creditLimit: 7500, billingCity: "Cannes", paymentTypes: [{ id: 7 }] });
    expect(withoutVolatile(await storedCustomer())).toEqual(answer.body);
  });

  it("updates from a multipart body, naming an unknown file part", async () => {
    const answer = await expectSameAnswer("/api/v1.0/customers/256", () => {
      const body = new FormData();
      body.set("comment", "Prefers deliveries before 10 am");
      body.set("phôto", new Blob(["x"]), "x.png");
      return { method: "POST", headers: session, body };
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-ignored-parameters"]).toBe("ph%C3%B4to");
    expect(answer.body).toMatchObject({ comment: "Prefers deliveries before 10 am" });
  });

  it("refuses a wrong value with the same error JSON, and changes nothing", async () => {
    const before = await storedCustomer();
    const answer = await expectSameAnswer("/api/v1.0/customers/256", () => ({
      method: "POST",
      headers: session,
      body: new URLSearchParams({ creditLimit: "a lot" }),
    }));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.any(String), error_description: expect.any(String) });
    expect(await storedCustomer()).toEqual(before);
  });

  it("answers 401 without credentials, 404 for an unknown customer, 405 naming the methods served", async () => {
    expect((await expectSameAnswer("/api/v1.0/customers/256", () => ({}))).status).toBe(401);
    expect((await expectSameAnswer("/api/v1.0/customers/999999", () => ({ headers: session }))).status).toBe(404);
    expect((await expectSameAnswer("/api/v1.0/customers/reference/NO-SUCH", () => ({ headers: session }))).status).toBe(404);
    const put = await expectSameAnswer("/api/v1.0/customers/256", () => ({ method: "PUT", headers: session }));
    expect(put).toMatchObject({ status: 405, headers: { allow: "GET, POST" }, body: { error: "method_not_allowed" } });
    const loginGet = await expectSameAnswer("/j_spring_security_check", () => ({}));
    expect(loginGet).toMatchObject({ status: 405, headers: { allow: "POST" } });
  });

  it("answers the same 500, showing nothing of the fault, when the database is unreachable", async () => {
    const unreachable = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    const brokenDoor = await startLegacyDoorServer(unreachable);
    const logs = captureErrorLogs();
    try {
      const throughDoor = await fetch(`${brokenDoor.baseUrl}/api/v1.0/customers/256`, { headers: session });
      const throughHandlers = await createLegacyApiClientOn(unreachable).request("/api/v1.0/customers/256", { headers: session });
      expect(await answerOf(throughDoor)).toEqual(await answerOf(throughHandlers));
      expect(throughDoor.status).toBe(500);
      expect(logs.errors()).toEqual([
        expect.objectContaining({ message: "legacy API request failed" }),
        expect.objectContaining({ message: "legacy API request failed" }),
      ]);
    } finally {
      logs.restore();
      await brokenDoor.close();
    }
  });
});

/** The route handlers over deps that cannot be had, called as `createLegacyApiClient` calls them. */
function createLegacyApiClientOn(getDeps: () => Promise<ServerDeps>) {
  const router = createLegacyRouter(createLegacyRouteHandlers(getDeps));
  return {
    request: (path: string, init: LegacyRequest) => {
      const url = new URL(path, "http://records.test");
      const route = router.match(url.pathname)!;
      return route.handlers[init.method ?? "GET"]!(new Request(url, init as RequestInit), {
        params: Promise.resolve(route.params) as Promise<never>,
      });
    },
  };
}

interface RawAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A request with its path exactly as written: fetch would resolve `..` and `%2e` before sending. */
function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

interface StreamedUpload {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
  /** Bytes the client had written when the answer came. */
  written: number;
}

/** POSTs a chunked body of `totalBytes` without declaring its length, stopping as soon as the answer comes. */
function postStreamed(
  url: string,
  headers: Record<string, string>,
  totalBytes: number,
  prefix: string,
): Promise<StreamedUpload> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } });
    req.on("response", (res: IncomingMessage) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body, written }));
    });
    // the server closes the connection after its early answer: the rest of the upload fails, as it should
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "x");
    const writeMore = () => {
      while (!answered && written < totalBytes) {
        const next = written === 0 ? Buffer.from(prefix) : chunk;
        written += next.byteLength;
        if (!req.write(next)) return void req.once("drain", writeMore);
      }
      if (!answered) req.end();
    };
    writeMore();
  });
}

describe("what only a real connection shows", () => {
  it("refuses a streamed body past the limit with 413 before the client sent it all, and changes nothing", async () => {
    const limit = 64 * 1024;
    const small: ServerDeps = { ...server.deps, config: { ...server.deps.config, maxRequestBytes: limit } };
    const smallDoor = await startLegacyDoorServer(() => Promise.resolve(small));
    try {
      const before = await storedCustomer();
      const totalBytes = 256 * 1024 * 1024;
      const throughDoor = await postStreamed(
        `${smallDoor.baseUrl}/api/v1.0/customers/256`,
        { ...session, "content-type": "application/x-www-form-urlencoded" },
        totalBytes,
        "comment=",
      );
      expect(throughDoor.status).toBe(413);
      // what the socket buffers held, not the 256 MiB; and the rest is not read to keep the connection
      expect(throughDoor.written).toBeLessThan(32 * 1024 * 1024);
      expect(throughDoor.headers.connection).toBe("close");

      const counted = countedBody({ totalBytes, prefix: "comment=" });
      const throughHandlers = await createLegacyApiClient(small).request("/api/v1.0/customers/256", {
        method: "POST",
        headers: { ...session, "content-type": "application/x-www-form-urlencoded" },
        body: counted.stream,
      });
      expect(throughHandlers.status).toBe(413);
      expect(JSON.parse(throughDoor.body)).toEqual(await throughHandlers.json());
      expect(await storedCustomer()).toEqual(before);

      // the door still serves, on a new connection
      expect((await fetch(`${smallDoor.baseUrl}/api/v1.0/customers/256`, { headers: session })).status).toBe(200);
    } finally {
      await smallDoor.close();
    }
  });

  it("takes a client that hangs up mid-body for the client's doing, and keeps serving", async () => {
    const before = await storedCustomer();
    const logs = captureLogs();
    try {
      const req = httpRequest(`${door.baseUrl}/api/v1.0/customers/256`, {
        method: "POST",
        headers: { ...session, "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      });
      req.on("error", () => undefined);
      req.write("comment=half of a comm");
      // the handler is reading the body by then; then the connection goes
      await new Promise((resolve) => setTimeout(resolve, 300));
      req.destroy();
      await vi.waitFor(
        () => expect(logs.lines()).toContainEqual(expect.objectContaining({ message: "request aborted by the client while its body was read" })),
        { timeout: 5_000 },
      );
      expect(logs.errors()).toEqual([]);
    } finally {
      logs.restore();
    }
    expect(await storedCustomer()).toEqual(before);
  });

  it("keeps several Set-Cookie headers apart", async () => {
    const response = await overHttp("/door-test/cookies");
    expect(response.headers.getSetCookie()).toEqual([
      "first=1; Path=/; HttpOnly",
      "second=2; Path=/; Expires=Wed, 09 Jun 2038 10:18:14 GMT",
    ]);
    expect(await response.text()).toBe("two cookies");
  });

  it("streams an answer as its handler produces it", async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${door.baseUrl}/door-test/stream`, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
          releaseSecondChunk();
        });
        res.on("end", () => resolve(body));
      });
      req.on("error", reject);
      req.end();
    });
    expect(text).toBe("first chunk;second chunk");
  });

  it("answers the contract's 500 JSON when a handler throws, and keeps serving", async () => {
    const logs = captureErrorLogs();
    try {
      const response = await overHttp("/door-test/throws");
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toBe("application/json;charset=UTF-8");
      expect(await response.json()).toEqual({ error: "server_error", error_description: "Oops! Something went wrong..." });
      expect(logs.errors()).toEqual([expect.objectContaining({ message: "legacy API request failed", url: "/door-test/throws" })]);
    } finally {
      logs.restore();
    }
    expect((await overHttp("/api/v1.0/customers/256", { headers: session })).status).toBe(200);
  });

  it("leaves to Next what Next answers itself: HEAD, OPTIONS, other versions, static siblings, paths it rewrites", async () => {
    const leftToNext = [
      ["HEAD", "/api/v1.0/customers/256"],
      ["OPTIONS", "/api/v1.0/customers/256"],
      ["GET", "/api/v9.9/customers/256"],
      ["GET", "/api/trpc/customers"],
      ["GET", "/api/v1.0/customers/256/"],
      ["GET", "/api/v1.0/customers/.."],
      ["GET", "/api/v1.0/customers/%2e%2e"],
      ["GET", "/api/v1.0/customers/%E0%A4%A"],
      ["GET", "/api/openapi.json"],
      ["GET", "/customers/256"],
    ];
    for (const [method, path] of leftToNext) {
      const answer = await rawRequest(door.baseUrl, method!, path!, session);
      expect(answer.headers["x-served-by"], `${method} ${path}`).toBe(SERVED_BY_NEXT);
    }
  });
});

describe("x-forwarded-for through the door", () => {
  async function forwardedFor(doorServer: LegacyDoorServer, sent?: string): Promise<string> {
    const response = await fetch(`${doorServer.baseUrl}/door-test/forwarded-for`, {
      headers: sent === undefined ? {} : { "x-forwarded-for": sent },
    });
    return response.text();
  }

  it("is the socket's address alone when no proxy is trusted, whatever the client wrote", async () => {
    expect(await forwardedFor(door)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(await forwardedFor(door, "203.0.113.7")).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("appends the socket's address once behind a trusted proxy, with the process's rewriter for Next's requests installed too", async () => {
    const proxied = await startLegacyDoorServer(() => Promise.resolve(server.deps), { trustedProxies: 1, extraRoutes: testRoutes });
    // production installs this for the requests that reach Next; it rewrites `req.headers` first
    const rewriter = peerAddressRewriter(1);
    subscribe(REQUEST_START_CHANNEL, rewriter);
    try {
      expect(await forwardedFor(proxied, "203.0.113.7")).toMatch(/^203\.0\.113\.7, (::ffff:)?127\.0\.0\.1$/);
      expect(await forwardedFor(proxied)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      unsubscribe(REQUEST_START_CHANNEL, rewriter);
      await proxied.close();
    }
  });
});
