import { VssAuthError, VssOtpRequiredError } from "./errors.js";
import type { JsonAnswer } from "./attempt.js";
import type { TokenManager } from "./token-manager.js";
import type { Transport } from "./transport.js";

/**
 * Authenticated calls to `/v2/...`: adds the bearer token and, on a 401, drops that token, authenticates
 * again once and retries once. A second 401 is a VssAuthError: the account, not the token, is the problem.
 */
export class Session {
  readonly #transport: Transport;
  readonly #tokens: TokenManager;
  readonly #userAgent: string;

  constructor(transport: Transport, tokens: TokenManager, userAgent: string) {
    this.#transport = transport;
    this.#tokens = tokens;
    this.#userAgent = userAgent;
  }

  /** Starts a login now (TokenManager.prefetch). */
  prefetchToken(): void {
    this.#tokens.prefetch();
  }

  get baseUrl(): URL {
    return this.#transport.baseUrl;
  }

  /** Resolves `pathOrUrl` against baseUrl and refuses any other origin, so the token never leaves it. */
  resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.#transport.baseUrl);
    if (url.origin !== this.#transport.baseUrl.origin) {
      throw new RangeError(`refusing to send the token to ${url.origin} (baseUrl is ${this.baseUrl.origin})`);
    }
    return url;
  }

  async call(method: string, url: URL, signal?: AbortSignal): Promise<JsonAnswer> {
    const token = await this.#tokens.get(signal);
    try {
      return await this.#send(method, url, token, signal);
    } catch (error) {
      if (!(error instanceof VssAuthError) || error instanceof VssOtpRequiredError) throw error;
      this.#tokens.invalidate(token);
      this.#transport.stats.reauths += 1;
      const fresh = await this.#tokens.get(signal);
      return await this.#send(method, url, fresh, signal);
    }
  }

  #send(method: string, url: URL, token: string, signal: AbortSignal | undefined): Promise<JsonAnswer> {
    const headers = {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      "user-agent": this.#userAgent,
    };
    return this.#transport.send({ method, url: this.resolve(url.href), headers }, signal);
  }
}
