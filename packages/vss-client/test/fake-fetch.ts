// Test helper: a fetch that answers with real Response objects from a handler, honouring AbortSignal.
export interface FakeCall {
  method: string;
  url: URL;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export const ORIGIN = "https://vss.test";

export function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.signature`;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function tokenAnswer(token: string, exp?: number): Response {
  return json(200, { token, duration: 86400, ...(exp === undefined ? {} : { exp }), type: "ACCESS" });
}

export function item(id: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `image-${id}.iso`,
    path: `[vss-ISOs] images/image-${id}.iso`,
    data_store: "vss-ISOs",
    public: true,
    created_on: "2017-11-17 13:43:11 EST",
    updated_on: "2024-07-02 Tue 09:15:00 EDT",
    ...extra,
  };
}

/** A list envelope for page `page` of `total` items (ids 1..total), with absolute next_url. */
export function listPage(url: URL, total: number, perPage: number, page: number, origin = ORIGIN) {
  const pages = Math.ceil(total / perPage);
  const from = (page - 1) * perPage + 1;
  const data = [];
  for (let id = from; id <= Math.min(total, page * perPage); id += 1) data.push(item(id));
  const linkTo = (n: number) => {
    const next = new URL(url.pathname + url.search, origin);
    next.searchParams.set("page", String(n));
    return next.href;
  };
  return {
    _links: { self: linkTo(page) },
    data,
    meta: {
      count: data.length,
      pages: {
        first_url: linkTo(1),
        last_url: linkTo(Math.max(1, pages)),
        next_url: page < pages ? linkTo(page + 1) : null,
        prev_url: page > 1 ? linkTo(page - 1) : null,
        page,
        pages,
        per_page: perPage,
        total,
      },
      time: "0.001s",
      user: "alice",
    },
  };
}

export function fakeFetch(handler: (call: FakeCall) => Response | Promise<Response>) {
  const calls: FakeCall[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const call: FakeCall = {
      method: init.method ?? "GET",
      url: new URL(String(input)),
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    const signal = call.signal;
    signal?.throwIfAborted();
    if (!signal) return handler(call);
    return new Promise<Response>((resolve, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
      Promise.resolve(handler(call)).then(resolve, reject);
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A promise that resolves after `ms`. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
