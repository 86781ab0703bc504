/**
 * One load run with Debian's wrk (`/usr/bin/wrk`) and the requests of
 * `load.lua`, on 127.0.0.1 only. The script's `done()` prints the figures as
 * JSON, so nothing depends on wrk's human-readable output.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WRK = "/usr/bin/wrk";
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "load.lua");

export type RequestBody = "none" | "form" | "multipart" | "trpc-update";

export interface LoadTarget {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Path of every request; `{id}` becomes a random customer id of `ids`. */
  path: string;
  body: RequestBody;
  ids: { first: number; last: number };
  cookie?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with a status of 400 or more. */
  non2xx: number;
  /** Connect, read and write errors and timeouts. */
  socketErrors: number;
}

/** The wrk process running now, so that Ctrl-C can stop it. */
let running: ChildProcess | undefined;
let stopped = false;

/** Stops the load now and refuses any later run (the benchmark is being torn down). */
export function stopRunningLoad(): void {
  stopped = true;
  running?.kill("SIGTERM");
}

export async function runLoad(target: LoadTarget, options: { connections: number; seconds: number }): Promise<LoadResult> {
  if (stopped) throw new Error("the benchmark is stopping");
  const url = new URL(target.baseUrl);
  if (url.hostname !== "127.0.0.1") throw new Error(`load runs on 127.0.0.1 only, not ${url.hostname}`);
  const args = [
    `-t${Math.min(2, options.connections)}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    // at 256 connections a slow server answers in seconds: measure it rather than count it lost
    "--timeout",
    "30s",
    "-s",
    SCRIPT,
    target.baseUrl,
    "--",
    target.body,
    target.path,
    String(target.ids.first),
    String(target.ids.last),
    target.cookie ?? "",
  ];
  const child = spawn(WRK, args, { stdio: ["ignore", "pipe", "pipe"] });
  running = child;
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  }).finally(() => (running = undefined));

  const line = stdout.split("\n").find((text) => text.startsWith("WRK_RESULT "));
  if (code !== 0 || !line) throw new Error(`wrk ${args.join(" ")} failed (${code}):\n${stdout}${stderr}`);
  const result = JSON.parse(line.slice("WRK_RESULT ".length)) as Record<
    "requests" | "durationUs" | "p50Us" | "p99Us" | "connect" | "read" | "write" | "status" | "timeout",
    number
  >;
  const seconds = result.durationUs / 1e6;
  return {
    requests: result.requests,
    seconds,
    requestsPerSecond: result.requests / seconds,
    p50Ms: result.p50Us / 1000,
    p99Ms: result.p99Us / 1000,
    non2xx: result.status,
    socketErrors: result.connect + result.read + result.write + result.timeout,
  };
}
