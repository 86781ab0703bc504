/**
 * Memory and CPU use of a server process, read from /proc (Linux).
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Current resident set (VmRSS) and the process's peak (VmHWM), in KiB. */
export function rssKiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** A process's parent and the CPU time it has used, user and system, in clock ticks (1/100 s on Linux). */
function processStat(pid: number): { parentPid: number; cpuTicks: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // after the name (which may hold spaces): state, parent, ...; utime and stime are fields 14 and 15
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { parentPid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

/** The running children of a process. */
function childPids(parentPid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (processStat(Number(entry)).parentPid === parentPid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/**
 * The process that serves the app: the one started, unless it started a
 * `next-server` child (`next start` does when it does not name itself so).
 */
export function nextServerPid(startedPid: number): number {
  const isNextServer = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("next-server");
    } catch {
      return false; // the process ended while we looked
    }
  };
  if (isNextServer(startedPid)) return startedPid;
  return childPids(startedPid).find(isNextServer) ?? startedPid;
}

/** Samples a process's RSS until `stop()`, which answers the highest sample in KiB. */
export function sampleRss(pid: number, intervalMs = 250): { stop(): number } {
  let highest = rssKiB(pid).rss;
  const timer = setInterval(() => {
    try {
      highest = Math.max(highest, rssKiB(pid).rss);
    } catch {
      // the process is gone: its last sample stands
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return highest;
    },
  };
}

export const megabytes = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;

/** CPU time the process has used, user and system, in clock ticks (1/100 s on Linux). */
export function cpuTicks(pid: number): number {
  return processStat(pid).cpuTicks;
}

/**
 * CPU time a process and its children have used, by process id, in clock
 * ticks: a PostgreSQL server is its postmaster and one child per connection
 * and background worker.
 */
export function cpuTicksOfTree(rootPid: number): Map<number, number> {
  const ticks = new Map<number, number>([[rootPid, cpuTicks(rootPid)]]);
  for (const pid of childPids(rootPid)) {
    try {
      ticks.set(pid, cpuTicks(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return ticks;
}

/**
 * Ticks the tree used since `before` was read. A process started since
 * counts from its start; one that ended since is not counted (a short-lived
 * autovacuum worker, say): the figure is a floor.
 */
export function cpuTicksOfTreeSince(rootPid: number, before: Map<number, number>): number {
  let spent = 0;
  for (const [pid, ticks] of cpuTicksOfTree(rootPid)) spent += ticks - (before.get(pid) ?? 0);
  return spent;
}

/**
 * Waits until the process uses under 5% of a core over a second: a server
 * still answers the requests of a load run after the load generator has
 * closed its connections, and the next run must not pay for them.
 * Answers false when it stayed busy for `timeoutMs`.
 */
export async function waitUntilIdle(pid: number, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const before = cpuTicks(pid);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (cpuTicks(pid) - before < 5) return true;
  }
  return false;
}

/**
 * Established TCP connections the process holds to `port` (its database
 * pool, say), read from /proc: its socket inodes, found in the kernel's
 * connection tables.
 */
export function tcpConnectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]!);
    } catch {
      // closed while we looked
    }
  }
  let count = 0;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    // `sl local_address rem_address st ... inode`: addresses as hex `ip:port`, state 01 is established
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const remotePort = Number.parseInt(fields[2]!.split(":").at(-1)!, 16);
      if (remotePort === port && fields[3] === "01" && inodes.has(fields[9]!)) count++;
    }
  }
  return count;
}
