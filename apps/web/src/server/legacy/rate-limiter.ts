/**
 * A fixed-window request counter per key (a user of the legacy API), kept in
 * the process's memory. It protects one server from a runaway integration;
 * several instances behind a load balancer would each count on their own.
 * Sign-in attempts are counted elsewhere, in the database (`login-throttle.ts`).
 */
export interface RateLimiter {
  /** Counts one request; answers how long to wait when the limit is passed. */
  hit(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export function createRateLimiter(options: { limit: number; windowMs: number; now: () => Date }): RateLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  let lastSweep = 0;

  return {
    hit(key) {
      const now = options.now().getTime();
      if (now - lastSweep > options.windowMs) {
        for (const [k, window] of windows) if (now - window.startedAt >= options.windowMs) windows.delete(k);
        lastSweep = now;
      }
      let window = windows.get(key);
      if (!window || now - window.startedAt >= options.windowMs) {
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= options.limit) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + options.windowMs - now) / 1000)) };
    },
  };
}
