import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { VssAuthError, VssClient, VssOtpRequiredError } from "../src/index.js";
import { delay, fakeFetch, json, jwt, listPage, ORIGIN, tokenAnswer } from "./fake-fetch.js";

const PASSWORD = "s3cret-Pa55word";
const now = () => Math.floor(Date.now() / 1000);

function api(tokenFor: (n: number) => Response, v2?: (url: URL, auth: string | null) => Response) {
  let tokens = 0;
  return fakeFetch(async ({ url, headers }) => {
    if (url.pathname === "/auth/request-token") {
      tokens += 1;
      await delay(5);
      return tokenFor(tokens);
    }
    return v2 ? v2(url, headers.get("authorization")) : Response.json(listPage(url, 3, 250, 1));
  });
}

const options = (fetch: typeof globalThis.fetch) => ({
  baseUrl: ORIGIN,
  username: "alice",
  password: PASSWORD,
  fetch,
  minRetryDelayMs: 1,
  maxRetryDelayMs: 2,
});

describe("token handling", () => {
  it("sends Basic auth, and the otp as a JSON body when given", async () => {
    const { fetch, calls } = api(() => tokenAnswer(jwt({ exp: now() + 3600 }), now() + 3600));
    await new VssClient({ ...options(fetch), otp: "123456" }).listIsos();
    const auth = calls[0]!;
    expect(auth.method).toBe("POST");
    expect(auth.headers.get("authorization")).toBe(
      `Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`,
    );
    expect(JSON.parse(auth.body!)).toEqual({ otp: "123456" });
    expect(calls[1]!.headers.get("authorization")).toMatch(/^Bearer /);
  });

  it("shares one token fetch between concurrent requests and reuses it", async () => {
    const { fetch, calls } = api(() => tokenAnswer(jwt({ exp: now() + 3600 }), now() + 3600));
    const client = new VssClient(options(fetch));
    await Promise.all([client.listIsos(), client.listIsos(), client.listIsos()]);
    await client.listIsos();
    expect(calls.filter((c) => c.url.pathname === "/auth/request-token")).toHaveLength(1);
  });

  it("keeps a login in flight for the next request when the one that started it stops waiting", async () => {
    const { fetch, calls } = api(() => tokenAnswer(jwt({ exp: now() + 3600 }), now() + 3600));
    const client = new VssClient(options(fetch));
    const controller = new AbortController();
    const first = client.listIsos({ signal: controller.signal });
    controller.abort();
    await expect(first).rejects.toThrow();
    await client.listIsos();
    expect(calls.filter((c) => c.url.pathname === "/auth/request-token")).toHaveLength(1);
  });

  it("falls back to the JWT's exp when the answer has none (not to `duration`)", async () => {
    const { fetch } = api(() => tokenAnswer(jwt({ exp: now() + 2 })));
    const client = new VssClient({ ...options(fetch), tokenRefreshMarginSeconds: 1 });
    await client.listIsos();
    await client.listIsos();
    expect(client.stats.tokenRequests).toBe(1);
    await delay(1100);
    await client.listIsos();
    expect(client.stats.tokenRequests).toBe(2);
  });

  it("gets a new token once the old one is inside the margin", async () => {
    const { fetch } = api(() => tokenAnswer(jwt({}), now() + 2));
    const client = new VssClient({ ...options(fetch), tokenRefreshMarginSeconds: 1 });
    await client.listIsos();
    await delay(1100);
    await client.listIsos();
    expect(client.stats.tokenRequests).toBe(2);
  });

  it("re-authenticates once after a 401 and retries once", async () => {
    const { fetch, calls } = api(
      (n) => tokenAnswer(`token-${n}`, now() + 3600),
      (url, auth) =>
        auth === "Bearer token-1"
          ? json(401, { status: 401, error: "unauthorized" })
          : Response.json(listPage(url, 3, 250, 1)),
    );
    const client = new VssClient(options(fetch));
    const page = await client.listIsos();
    expect(page.items).toHaveLength(3);
    expect(calls.map((c) => c.url.pathname)).toEqual([
      "/auth/request-token",
      "/v2/iso",
      "/auth/request-token",
      "/v2/iso",
    ]);
    expect(client.stats.reauths).toBe(1);
  });

  it("fails with VssAuthError on a second 401", async () => {
    const { fetch, calls } = api(
      (n) => tokenAnswer(`token-${n}`, now() + 3600),
      () => json(401, { status: 401, error: "unauthorized", message: "token revoked" }),
    );
    await expect(new VssClient(options(fetch)).listIsos()).rejects.toBeInstanceOf(VssAuthError);
    expect(calls).toHaveLength(4);
  });

  it("wrong credentials: VssAuthError without retries; missing otp: VssOtpRequiredError", async () => {
    const wrong = api(() =>
      json(401, { status: 401, error: "unauthorized", message: "Invalid credentials" }),
    );
    await expect(new VssClient(options(wrong.fetch)).getIso(1)).rejects.toBeInstanceOf(VssAuthError);
    expect(wrong.calls).toHaveLength(1);
    const otp = api(() =>
      json(400, { status: 400, error: "bad_request", message: "InvalidParameterValue: otp required" }),
    );
    await expect(new VssClient(options(otp.fetch)).getIso(1)).rejects.toBeInstanceOf(VssOtpRequiredError);
    expect(otp.calls).toHaveLength(1);
  });

  it("never shows the password or token on the client, its errors or JSON", async () => {
    const token = jwt({ exp: now() + 3600, sub: "alice" });
    const { fetch } = api(
      () => tokenAnswer(token, now() + 3600),
      () => json(403, { status: 403, error: "forbidden" }),
    );
    const client = new VssClient(options(fetch));
    const error = await client.getIso(1).catch((e: unknown) => e);
    for (const text of [
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String(error),
    ]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(token);
      expect(text).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString("base64"));
    }
  });
});
