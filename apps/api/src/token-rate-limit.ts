// The token endpoint's limit, sent as the upstream sends it (X-RateLimit-Limit, -Remaining, and -Reset in
// epoch seconds; docs/upstream-api.md, "Logging in"): a fixed window of one minute per username, as the
// simulator keeps it (the window and the keying are assumed; the limit of 5 is documented).
// @fastify/rate-limit's reset header counts seconds from now, not the epoch, hence these few lines.

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class TokenRateLimit {
  readonly #windows = new Map<string, { start: number; count: number }>();

  /** `limit`: requests per window; 0 for none. */
  constructor(private readonly limit: number) {}

  hit(key: string, nowMs = Date.now()): RateDecision {
    if (this.limit === 0) return { allowed: true, headers: {} };
    let window = this.#windows.get(key);
    if (!window || nowMs >= window.start + WINDOW_MS) {
      // Forget finished windows now and then, so that many usernames cannot grow the map for ever.
      if (this.#windows.size > 10_000) this.#sweep(nowMs);
      window = { start: nowMs, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    const resetMs = window.start + WINDOW_MS;
    const allowed = window.count <= this.limit;
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(this.limit),
      "x-ratelimit-remaining": String(Math.max(0, this.limit - window.count)),
      "x-ratelimit-reset": String(Math.ceil(resetMs / 1000)),
    };
    if (!allowed) headers["retry-after"] = String(Math.max(1, Math.ceil((resetMs - nowMs) / 1000)));
    return { allowed, headers };
  }

  #sweep(nowMs: number): void {
    for (const [key, window] of this.#windows)
      if (nowMs >= window.start + WINDOW_MS) this.#windows.delete(key);
  }
}
