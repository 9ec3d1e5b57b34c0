// A client that behaves as the upstream's public clients do (pyvss, and vss-cli on top of it), to prove
// that they work unchanged against a server: the simulator (the upstream's stand-in) or the cache API.
// Deliberately naive where they are: no retries, next_url followed verbatim, the token decoded as a JWT
// without verifying it, and a crash on any answer shape they would crash on.

/** pyvss's failure when the token is not a JWT (PyJWT's DecodeError). */
export class DecodeError extends Error {
  override name = "DecodeError";
}

/** What these clients read from a token: its claims, decoded without verifying the signature. */
export function decodeUnverified(token: string): Record<string, unknown> {
  const segments = token.split(".");
  if (segments.length !== 3) throw new DecodeError("Not enough segments");
  try {
    return JSON.parse(Buffer.from(segments[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new DecodeError("Invalid payload string", { cause: error });
  }
}

export interface CompatOptions {
  /** The server's root url, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  username: string;
  password: string;
  /** Interval between polls of a sync request. Default: 2_000 ms, as vss-cli's users wait. */
  pollIntervalMs?: number;
  /** Polls before giving up on a sync request. Default: 60. */
  maxPolls?: number;
}

/** One answer of a list page: its envelope without `data`, and its data. */
export interface ListedPage {
  envelope: Record<string, unknown>;
  data: unknown[];
}

// The parsed JSON bodies are of many shapes; the assertions check them.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON of many shapes

export class CompatClient {
  readonly #options: CompatOptions;
  #token: string | undefined;
  /** The claims of the last token, as pyvss keeps them (it reads `otp`). */
  claims: Record<string, unknown> | undefined;

  constructor(options: CompatOptions) {
    this.#options = options;
  }

  /** POST /auth/request-token with Basic credentials (and {"otp"} when given), then decode the JWT. */
  async login(otp?: string): Promise<string> {
    const { baseUrl, username, password } = this.#options;
    const answer = await this.#send(`${baseUrl}/auth/request-token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
        ...(otp === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(otp === undefined ? {} : { body: JSON.stringify({ otp }) }),
    });
    const token = answer.token as string;
    this.claims = decodeUnverified(token);
    this.#token = token;
    return token;
  }

  /** GET an absolute url or a path, as the logged-in user. */
  async get(urlOrPath: string): Promise<Json> {
    return this.#send(this.#url(urlOrPath), { method: "GET", headers: this.#bearer() });
  }

  /**
   * Every page of a listing, following `meta.pages.next_url` verbatim until it is null, as pyvss's
   * get_isos(show_all=True) does; pyvss loops for ever without `meta` and crashes without `meta.pages`.
   */
  async pages(first: string): Promise<ListedPage[]> {
    const pages: ListedPage[] = [];
    let url: string | null = this.#url(first);
    while (url !== null) {
      const body: Json = await this.get(url);
      if (!body.meta) throw new Error(`${url}: no meta (pyvss would loop for ever)`);
      if (!body.meta.pages) throw new Error(`${url}: no meta.pages (pyvss would crash)`);
      if (!Array.isArray(body.data)) throw new Error(`${url}: data is not a list`);
      const { data, ...envelope } = body;
      pages.push({ envelope, data });
      if (pages.length > 1_000) throw new Error(`${first}: next_url never became null`);
      url = body.meta.pages.next_url;
    }
    return pages;
  }

  /** The items behind an unexpanded listing: each entry a url, or `{id, _links.self}`, to GET. */
  async follow(entries: unknown[]): Promise<Json[]> {
    const items: Json[] = [];
    for (const entry of entries) {
      const url = typeof entry === "string" ? entry : ((entry as Json)?._links?.self as string | undefined);
      if (typeof url !== "string") throw new Error(`unexpanded entry has no url: ${JSON.stringify(entry)}`);
      items.push((await this.get(url)).data);
    }
    return items;
  }

  /**
   * `vss-cli compute iso personal sync` and pyvss's sync_user_isos plus wait_for_request: PATCH the
   * personal store, poll the request until PROCESSED (failing on a failed state or after maxPolls).
   */
  async syncPersonal(): Promise<Json> {
    const accepted = await this.#send(this.#url("/v2/user/image/iso"), {
      method: "PATCH",
      headers: this.#bearer(),
    });
    const link = accepted.data._links.request as string;
    const interval = this.#options.pollIntervalMs ?? 2_000;
    for (let poll = 0; poll < (this.#options.maxPolls ?? 60); poll++) {
      const request = (await this.get(link)).data;
      if (request.status === "PROCESSED" || request.status === "SCHEDULED") return request;
      if (["ERROR", "ERROR_RETRY", "CANCELLED"].includes(request.status))
        throw new Error(
          `sync request ${request.id} ended ${request.status}: ${JSON.stringify(request.message)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
    throw new Error(`sync request ${link} was not PROCESSED after ${this.#options.maxPolls ?? 60} polls`);
  }

  #url(urlOrPath: string): string {
    return /^https?:\/\//.test(urlOrPath) ? urlOrPath : `${this.#options.baseUrl}${urlOrPath}`;
  }

  #bearer(): Record<string, string> {
    if (this.#token === undefined) throw new Error("log in first");
    return { authorization: `Bearer ${this.#token}` };
  }

  async #send(url: string, init: RequestInit): Promise<Json> {
    const response = await fetch(url, init);
    const type = response.headers.get("content-type") ?? "";
    // pyvss parses every answer as JSON and crashes on anything else.
    if (!type.startsWith("application/json")) throw new Error(`${url}: content-type ${type}, not JSON`);
    const body: Json = await response.json();
    if (!response.ok) throw new Error(`${init.method} ${url}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }
}
