import { describe, expect, it } from "vitest";

import { captureLogs } from "../../test/support/captured-logs";
import { describeError, logError, logger, logInfo } from "./log";
import { requestScopeStorage } from "./request-scope";

/** Drizzle's error for a failed query (drizzle-orm `DrizzleQueryError`): the parameters are in its message and stack. */
class FailedQueryError extends Error {
  constructor(
    readonly query: string,
    readonly params: unknown[],
    cause: unknown,
  ) {
    super(`Failed query: ${query}\nparams: ${params.join(",")}`, { cause });
  }
}

describe("the log", () => {
  it("writes JSON lines with a level name, an ISO time and the message", () => {
    const logs = captureLogs();
    try {
      logInfo("picture sweep done", { removed: 2 });
    } finally {
      logs.restore();
    }
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: "info", time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), message: "picture sweep done", removed: 2 }),
    ]);
  });

  it("adds the id of the request being served to every line, and none outside a request", () => {
    const logs = captureLogs();
    try {
      requestScopeStorage.run({ requestId: "req-7", clientSentRequestId: true, route: null }, () => {
        logInfo("inside");
        logError("failed inside", new Error("boom"));
      });
      logInfo("outside");
    } finally {
      logs.restore();
    }
    expect(logs.lines().map((line) => [line.message, line.requestId])).toEqual([
      ["inside", "req-7"],
      ["failed inside", "req-7"],
      ["outside", undefined],
    ]);
  });

  it("logs an error with its stack and causes", () => {
    const logs = captureLogs();
    try {
      logError("update failed", new Error("outer", { cause: Object.assign(new Error("inner"), { code: "40P01" }) }));
    } finally {
      logs.restore();
    }
    expect(logs.errors()).toEqual([
      expect.objectContaining({
        level: "error",
        message: "update failed",
        error: {
          name: "Error",
          message: "outer",
          stack: expect.stringContaining("log.test.ts"),
          cause: { name: "Error", message: "inner", stack: expect.any(String), code: "40P01" },
        },
      }),
    ]);
  });

  it("redacts passwords, tokens, cookies and authorization headers wherever a caller puts them", () => {
    const logs = captureLogs();
    try {
      logger.warn(
        {
          password: "p1",
          token: "t1",
          form: { j_password: "p2", name: "kept" },
          headers: { cookie: "JSESSIONID=c1", authorization: "Bearer t2", accept: "kept" },
        },
        "careless caller",
      );
    } finally {
      logs.restore();
    }
    const [line] = logs.lines();
    expect(line).toMatchObject({
      password: "[redacted]",
      token: "[redacted]",
      form: { j_password: "[redacted]", name: "kept" },
      headers: { cookie: "[redacted]", authorization: "[redacted]", accept: "kept" },
    });
    for (const secret of ["p1", "p2", "t1", "t2", "c1"]) expect(JSON.stringify(line)).not.toContain(secret);
  });

  it("keeps a failed query's SQL but not its parameters, in the message and in the stack", () => {
    const error = new FailedQueryError("update customers set comment = $1 where id = $2", ["private comment", 256], new Error("deadlock"));
    const described = describeError(error);
    expect(described).toMatchObject({
      message: "Failed query: update customers set comment = $1 where id = $2",
      cause: { message: "deadlock" },
    });
    expect(JSON.stringify(described)).not.toContain("private comment");
    expect("stack" in described && described.stack).toContain("log.test.ts");
  });

  it("describes a thrown value that is not an Error", () => {
    expect(describeError("plain text")).toEqual({ value: "plain text" });
  });
});
