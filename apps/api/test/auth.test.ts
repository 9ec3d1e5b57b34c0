// Logging in as the upstream's clients do: Basic credentials to /auth/request-token, a JWT back (pyvss
// decodes it unverified and fails on anything else), then that JWT as the bearer token. The API checks
// its signature, expiry and the API token behind it.
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../src/index.js";
import { AccessTokens } from "../src/access-tokens.js";
import { apiSettings, call, type Harness, silentLogger, startHarness, TOKENS } from "./harness.js";

const SECRET = "a-test-jwt-secret-of-at-least-32-characters";
let h: Harness;
const extra: FastifyInstance[] = [];

beforeAll(async () => {
  h = await startHarness({ items: 30, settings: { jwtSecret: SECRET, tokenRateLimit: 0 } });
});
afterAll(async () => {
  for (const app of extra) await app.close();
  await h?.close();
});

/** Another API over the same database, listening on its own port. */
async function anotherApi(settings: Parameters<typeof apiSettings>[0]): Promise<string> {
  const app = await buildApi({ database: h.database, config: apiSettings(settings), logger: silentLogger() });
  extra.push(app);
  return app.listen({ host: "127.0.0.1", port: 0 });
}

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;

async function login(base: string, secret: string, body?: unknown) {
  return call(base, "/auth/request-token", undefined, {
    method: "POST",
    headers: {
      authorization: basic("alice", secret),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
const tokenId = (token: string) => createHash("sha256").update(token).digest("base64url");

describe("POST /auth/request-token", () => {
  it("answers the upstream's body with an HS256 JWT for the token's VSS user, living 24 h", async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await login(h.apiUrl, TOKENS.laptop);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(["duration", "exp", "exp_date", "token", "type"]);
    expect(answer.body).toMatchObject({ duration: 86_400, type: "ACCESS" });
    const [header, , signature] = (answer.body.token as string).split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString("utf8"))).toEqual({
      alg: "HS256",
      typ: "JWT",
    });
    expect(signature).toMatch(/^[\w-]{43}$/);
    const claims = claimsOf(answer.body.token);
    expect(claims).toMatchObject({ sub: "alice", otp: false, exp: answer.body.exp });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(86_400);
    // The API token itself is nowhere in the JWT.
    expect(Buffer.from(answer.body.token.split(".")[1], "base64url").toString()).not.toContain(TOKENS.laptop);
  });

  it("takes the optional {otp} body, and refuses a wrong secret without echoing it", async () => {
    expect((await login(h.apiUrl, TOKENS.alice, { otp: "123456" })).status).toBe(200);
    const bad = await login(h.apiUrl, "wrong-password-entirely");
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ status: 401, error: "unauthorized" });
    expect(bad.body.message).not.toContain("wrong-password");
  });

  it("sends X-RateLimit-* as the upstream does, and 429 with Retry-After past the limit", async () => {
    const limited = await anotherApi({ jwtSecret: SECRET, tokenRateLimit: 2 });
    const now = Math.floor(Date.now() / 1000);
    const first = await login(limited, TOKENS.alice);
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    const reset = Number(first.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(now);
    expect(reset).toBeLessThanOrEqual(now + 61);
    expect((await login(limited, TOKENS.alice)).headers.get("x-ratelimit-remaining")).toBe("0");
    const third = await login(limited, TOKENS.alice);
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ status: 429, error: "too_many_requests" });
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("Bearer", () => {
  it("accepts the JWT, answering meta.user with the VSS username, and still the static tokens", async () => {
    const { token } = (await login(h.apiUrl, TOKENS.laptop)).body;
    const viaJwt = await call(h.apiUrl, "/v2/iso?per_page=3", token);
    expect(viaJwt.status).toBe(200);
    expect(viaJwt.body.meta.user).toBe("alice");
    expect((await call(h.apiUrl, "/v2/user/image/iso", token)).status).toBe(200);
    expect((await call(h.apiUrl, "/v2/iso", TOKENS.laptop)).body.meta.user).toBe("alice");
  });

  it("refuses a JWT whose signature, key or expiry is wrong, or whose API token is gone", async () => {
    const { token } = (await login(h.apiUrl, TOKENS.alice)).body as { token: string };
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(token), sub: "bob" })).toString("base64url")}.${signature}`;
    const expired = (
      await new AccessTokens(SECRET).issue("alice", tokenId(TOKENS.alice), Date.now() - 90_000_000)
    ).token;
    const otherKey = (
      await new AccessTokens("another-secret-of-at-least-32-characters!").issue(
        "alice",
        tokenId(TOKENS.alice),
      )
    ).token;
    for (const [bad, message] of [
      [flipped, /^InvalidToken/],
      [forged, /^InvalidToken/],
      [otherKey, /^InvalidToken/],
      [expired, /^TokenExpired/],
      ["not.a.jwt", /^InvalidToken/],
    ] as const) {
      const answer = await call(h.apiUrl, "/v2/iso", bad);
      expect({ status: answer.status, message: answer.body.message }).toEqual({
        status: 401,
        message: expect.stringMatching(message),
      });
    }
    // The same key, but alice's API token no longer in the file: her JWTs are refused with it.
    const without = await anotherApi({
      jwtSecret: SECRET,
      tokens: [{ token: TOKENS.reader, name: "reader" }],
    });
    expect((await call(without, "/v2/iso", token)).body.message).toMatch(/^TokenRevoked/);
    // And an API whose key is random (API_JWT_SECRET unset) refuses JWTs of this one.
    const random = await anotherApi({});
    expect((await call(random, "/v2/iso", token)).status).toBe(401);
  });
});

describe("TRUST_PROXY", () => {
  const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "mirror.example.org" };

  it("builds absolute urls from X-Forwarded-Proto and -Host when set", async () => {
    const trusting = await anotherApi({ trustProxy: true });
    const answer = await call(trusting, "/v2/iso?per_page=5", TOKENS.alice, { headers: forwarded });
    expect(answer.body.meta._link.self).toBe("https://mirror.example.org/v2/iso?per_page=5");
    expect(answer.body.meta.pages.next_url).toBe("https://mirror.example.org/v2/iso?per_page=5&page=2");
    const personal = await call(trusting, "/v2/user/image/iso", TOKENS.alice, { headers: forwarded });
    expect(personal.body._links.user).toBe("https://mirror.example.org/v2/user/image");
  });

  it("ignores them when unset", async () => {
    const answer = await call(h.apiUrl, "/v2/iso?per_page=5", TOKENS.alice, { headers: forwarded });
    expect(answer.body.meta.pages.next_url).toBe(`${h.apiUrl}/v2/iso?per_page=5&page=2`);
  });
});
