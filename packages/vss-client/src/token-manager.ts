import { VssInvalidResponseError } from "./errors.js";
import { tokenAnswerSchema } from "./envelope.js";
import type { Transport } from "./transport.js";
import { raceAbort } from "./sleep.js";
import { oneTimeCodes, type OneTimeCodeSource } from "./one-time-codes.js";

/** A bearer token and when it stops being valid (ms since epoch; Infinity when unknown). */
interface Token {
  value: string;
  expiresAt: number;
  /** When to stop reusing it: the margin before expiry, but never more than half its lifetime. */
  refreshAt: number;
}

/** Reads `exp` (epoch s) from a JWT payload without verifying it, as the public clients do. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === "number" ? exp : undefined;
  } catch {
    return undefined;
  }
}

export interface TokenManagerInit {
  username: string;
  password: string;
  otp: string | undefined;
  totpSecret: string | undefined;
  refreshMarginSeconds: number;
  userAgent: string;
}

/**
 * Owns the credentials (in private fields, so they never show in `util.inspect` or JSON) and the current
 * token. Concurrent callers share one in-flight token request (single-flight).
 */
export class TokenManager {
  readonly #transport: Transport;
  readonly #authorization: string;
  readonly #otp: OneTimeCodeSource;
  readonly #marginMs: number;
  readonly #userAgent: string;
  #token: Token | undefined;
  #pending: Promise<Token> | undefined;

  constructor(transport: Transport, init: TokenManagerInit) {
    this.#transport = transport;
    this.#authorization = `Basic ${Buffer.from(`${init.username}:${init.password}`).toString("base64")}`;
    this.#otp = oneTimeCodes(init);
    this.#marginMs = init.refreshMarginSeconds * 1000;
    this.#userAgent = init.userAgent;
  }

  /** A token valid for at least the refresh margin, fetching one if needed. */
  async get(signal?: AbortSignal): Promise<string> {
    const current = this.#token;
    if (current && Date.now() < current.refreshAt) return current.value;
    // The shared fetch is not tied to any one caller's signal; each caller stops waiting on its own abort.
    const pending = (this.#pending ??= this.#fetch().finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    }));
    try {
      return (await raceAbort(pending, signal)).value;
    } catch (error) {
      // A prefetch's failure is handed to one caller, then forgotten: the next one tries again. A
      // caller that stopped waiting (its signal aborted) leaves the login to whoever shares it.
      if (this.#pending === pending && !signal?.aborted) this.#pending = undefined;
      throw error;
    }
  }

  /**
   * Starts fetching a token now, when none is held or on its way, so that the first request need not
   * wait for the login. Its outcome, a failure included, is what the next get() answers: a wrong
   * password is tried once, not once here and again by the request.
   */
  prefetch(): void {
    if (this.#pending || (this.#token && Date.now() < this.#token.refreshAt)) return;
    const pending = this.#fetch();
    this.#pending = pending;
    pending.then(
      () => {
        if (this.#pending === pending) this.#pending = undefined;
      },
      () => {}, // kept for the next get()
    );
  }

  /** Forgets `value` after the server refused it, unless a newer token already replaced it. */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = undefined;
  }

  async #fetch(): Promise<Token> {
    const url = new URL("auth/request-token", this.#transport.baseUrl);
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: "application/json",
      "user-agent": this.#userAgent,
    };
    let body: string | undefined;
    const otp = this.#otp();
    if (otp !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify({ otp });
    }
    this.#transport.stats.tokenRequests += 1;
    const answer = await this.#transport.send({ method: "POST", url, headers, ...(body ? { body } : {}) });
    const parsed = tokenAnswerSchema.safeParse(answer.body);
    if (!parsed.success) {
      // No cause and no body quoted: the answer may contain a token.
      const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
      throw new VssInvalidResponseError(
        `POST /auth/request-token: unexpected answer (${fields})`,
        "shape",
        "POST",
        "/auth/request-token",
      );
    }
    const { token, exp, duration } = parsed.data;
    // Prefer the answer's `exp`, then the JWT claim, then `duration`; with none, use it until a 401.
    const expSeconds = exp ?? jwtExpiry(token);
    const expiresAt =
      expSeconds !== undefined
        ? expSeconds * 1000
        : duration !== undefined
          ? Date.now() + duration * 1000
          : Number.POSITIVE_INFINITY;
    // A margin longer than the token's life (short-lived test tokens) would mean one token per request.
    const now = Date.now();
    const margin = Math.min(this.#marginMs, Math.max(0, (expiresAt - now) / 2));
    this.#token = { value: token, expiresAt, refreshAt: expiresAt - margin };
    return this.#token;
  }
}
