import { VssInvalidResponseError } from "./errors.js";
import { singleEnvelopeSchema } from "./envelope.js";
import type { ImageSyncRequest } from "./image-sync.js";
import { toIsoImage, type IsoImage } from "./iso-image.js";
import { IsoList } from "./iso-list.js";
import type { ListOptions } from "./list-options.js";
import { transportSettings, type VssClientOptions } from "./options.js";
import { getImageSyncRequest, type SyncOptions, syncPersonalIsos } from "./personal-sync.js";
import { Session } from "./session.js";
import type { VssStats } from "./stats.js";
import { TokenManager } from "./token-manager.js";
import { Transport } from "./transport.js";

/**
 * Typed client of the VSS Cloud API v2. Every field is private (`#`), so neither `util.inspect(client)`
 * nor `JSON.stringify(client)` can show the password or the token.
 */
export class VssClient {
  readonly #transport: Transport;
  readonly #session: Session;

  constructor(options: VssClientOptions) {
    if (!options.username || options.password === undefined) {
      throw new TypeError("VssClient: username and password are required");
    }
    const settings = transportSettings(options);
    this.#transport = new Transport(settings);
    const tokens = new TokenManager(this.#transport, {
      username: options.username,
      password: options.password,
      otp: options.otp,
      totpSecret: options.totpSecret,
      refreshMarginSeconds: options.tokenRefreshMarginSeconds ?? 300,
      userAgent: settings.userAgent,
    });
    this.#session = new Session(this.#transport, tokens, settings.userAgent);
  }

  /**
   * Starts logging in now (POST /auth/request-token), so that the first request need not wait for it,
   * e.g. while the caller opens its database. The first request gets the login's outcome, a failure
   * included; nothing is thrown here.
   */
  prefetchToken(): void {
    this.#session.prefetchToken();
  }

  /** The public catalogue, `GET /v2/iso`. */
  listIsos(options?: ListOptions): IsoList {
    return new IsoList(this.#session, "v2/iso", options);
  }

  /** The caller's personal ISOs, `GET /v2/user/image/iso`. */
  listPersonalIsos(options?: ListOptions): IsoList {
    return new IsoList(this.#session, "v2/user/image/iso", options);
  }

  /** One public ISO, `GET /v2/iso/<id>`; VssNotFoundError for an unknown id. */
  async getIso(id: number, options: { signal?: AbortSignal } = {}): Promise<IsoImage> {
    if (!Number.isSafeInteger(id) || id < 0)
      throw new RangeError(`ISO id must be a non-negative integer: ${id}`);
    const url = this.#session.resolve(`v2/iso/${id}`);
    const answer = await this.#session.call("GET", url, options.signal);
    const parsed = singleEnvelopeSchema.safeParse(answer.body);
    if (!parsed.success || typeof parsed.data.data !== "object" || parsed.data.data === null) {
      throw new VssInvalidResponseError(
        `GET ${url.pathname}: no item in "data"`,
        "shape",
        "GET",
        url.pathname,
      );
    }
    return toIsoImage(parsed.data.data);
  }

  /** Starts a personal store sync and waits for its final state (see SyncOptions for the bounds). */
  syncPersonalIsos(options?: SyncOptions): Promise<ImageSyncRequest> {
    return syncPersonalIsos(this.#session, options);
  }

  /** One sync request, `GET /v2/request/image_sync/<id>`. */
  getImageSyncRequest(id: number, options: { signal?: AbortSignal } = {}): Promise<ImageSyncRequest> {
    return getImageSyncRequest(this.#session, id, options.signal);
  }

  /** Live counters (the same object is updated as requests run). */
  get stats(): VssStats {
    return this.#transport.stats;
  }

  /** HTTP attempts made so far (`stats.requests`). */
  get requestCount(): number {
    return this.#transport.stats.requests;
  }

  toJSON(): { baseUrl: string } {
    return { baseUrl: this.#transport.baseUrl.href };
  }
}
