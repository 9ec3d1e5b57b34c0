// Fixed-window limiter for the token endpoint (documented headers X-RateLimit-Limit/-Remaining/-Reset).
// The window length and the per-username keying are assumptions; the documented limit is 5.

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the window resets, epoch seconds. */
  resetAt: number;
  /** Whole seconds until the window resets (at least 1): the Retry-After value. */
  retryAfter: number;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowSeconds: number,
  ) {}

  hit(key: string, nowMs = Date.now()): RateDecision {
    let window = this.windows.get(key);
    if (!window || nowMs >= window.start + this.windowSeconds * 1000) {
      window = { start: nowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return {
      allowed: window.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetAt: Math.ceil((window.start + this.windowSeconds * 1000) / 1000),
      retryAfter: Math.max(1, Math.ceil((window.start + this.windowSeconds * 1000 - nowMs) / 1000)),
    };
  }

  clear(): void {
    this.windows.clear();
  }
}
