import { Secret, TOTP } from "otpauth";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src/index.js";
import { ALICE, get, json, requestToken, sleep, tokenFor } from "./helpers.js";

const BOB = { username: "bob", password: "bob-password" };
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface TokenAnswer {
  token: string;
  duration: number;
  exp: number;
  exp_date: string;
  type: string;
}

const decodePart = (part: string) =>
  JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

describe("POST /auth/request-token", () => {
  it("mints a JWT-shaped HS256 token living 24 h, with the documented answer and rate-limit headers", async () => {
    sim = await startSimulator();
    const before = Math.floor(Date.now() / 1000);
    const response = await requestToken(sim);
    expect(response.status).toBe(200);
    const body = await json<TokenAnswer>(response);
    expect(Object.keys(body).sort()).toEqual(["duration", "exp", "exp_date", "token", "type"]);
    expect(body.duration).toBe(86_400);
    expect(body.type).toBe("ACCESS");
    expect(body.exp - before).toBeGreaterThanOrEqual(86_400);
    expect(body.exp - before).toBeLessThanOrEqual(86_401);
    expect(body.exp_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} E[SD]T$/);
    const [header, payload, signature] = body.token.split(".");
    expect(decodePart(header!)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(decodePart(payload!)).toMatchObject({ sub: "alice", exp: body.exp });
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers.get("x-ratelimit-limit")).toBe("5");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4");
    expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(before);
  });

  it("answers 429 with Retry-After past the limit", async () => {
    sim = await startSimulator();
    for (let i = 0; i < 5; i++) expect((await requestToken(sim)).status).toBe(200);
    const response = await requestToken(sim);
    expect(response.status).toBe(429);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await json<{ status: number }>(response)).status).toBe(429);
  });

  it("401 for a wrong password or unknown user", async () => {
    sim = await startSimulator({ tokenRateLimit: false });
    for (const user of [
      { ...ALICE, password: "nope" },
      { username: "mallory", password: "x" },
    ]) {
      const response = await requestToken(sim, user);
      expect(response.status).toBe(401);
      expect(await json(response)).toMatchObject({ status: 401, error: "unauthorized" });
    }
  });

  it("two-factor account: no otp -> 400 InvalidParameterValue: otp, wrong otp -> 401, right otp -> token", async () => {
    sim = await startSimulator({ tokenRateLimit: false });
    const missing = await requestToken(sim, BOB);
    expect(missing.status).toBe(400);
    expect((await json<{ message: string }>(missing)).message).toContain("InvalidParameterValue: otp");
    expect((await requestToken(sim, BOB, { otp: "000000" })).status).toBe(401);
    const ok = await requestToken(sim, BOB, { otp: "123456" });
    expect(ok.status).toBe(200);
    const { token } = await json<TokenAnswer>(ok);
    // pyvss reads the otp claim: this login checked a second factor.
    expect(decodePart(token.split(".")[1]!)).toMatchObject({ sub: "bob", otp: true });
    expect((await json<{ meta: { user: string } }>(await get(sim, "/v2/iso", token))).meta.user).toBe("bob");
  });

  it("TOTP account: the current code (or a neighbouring step's) -> token; an old code -> 401; none -> 400", async () => {
    const secret = "JBSWY3DPEHPK3PXPKRSXG5DTMVRXEZLU";
    sim = await startSimulator({ tokenRateLimit: false });
    await sim.control.addUser({ username: "carol", password: "carol-pw", totpSecret: secret });
    const carol = { username: "carol", password: "carol-pw" };
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    const codeAt = (offsetSeconds: number) => totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
    expect((await requestToken(sim, carol)).status).toBe(400);
    expect((await requestToken(sim, carol, { otp: codeAt(0) })).status).toBe(200);
    expect((await requestToken(sim, carol, { otp: codeAt(-30) })).status).toBe(200);
    const stale = await requestToken(sim, carol, { otp: codeAt(-120) });
    expect(stale.status).toBe(401);
    expect((await json<{ message: string }>(stale)).message).toBe("Unauthorized: invalid otp");
  });

  it("a user whose totpSecret is not base32, or who has both otp and totpSecret, is refused", async () => {
    sim = await startSimulator({ tokenRateLimit: false });
    await expect(
      sim.control.addUser({ username: "d", password: "p", totpSecret: "not base32!" }),
    ).rejects.toThrow("totpSecret must be a base32 string");
    await expect(
      sim.control.addUser({ username: "e", password: "p", otp: "123456", totpSecret: "JBSWY3DPEHPK3PXP" }),
    ).rejects.toThrow("give otp or totpSecret, not both");
  });
});

describe("bearer tokens", () => {
  it("expire after tokenTtlSeconds", async () => {
    sim = await startSimulator({ tokenTtlSeconds: 1 });
    const token = await tokenFor(sim);
    expect((await get(sim, "/v2/iso", token)).status).toBe(200);
    await sleep(2100);
    const response = await get(sim, "/v2/iso", token);
    expect(response.status).toBe(401);
    expect((await json<{ message: string }>(response)).message).toMatch(/^TokenExpired/);
  });

  it("are all invalid after a revoke, while new ones work", async () => {
    sim = await startSimulator();
    const old = await tokenFor(sim);
    await sim.control.revokeTokens();
    expect((await get(sim, "/v2/iso", old)).status).toBe(401);
    expect((await get(sim, "/v2/iso", await tokenFor(sim))).status).toBe(200);
  });

  it("are rejected when forged with another secret", async () => {
    sim = await startSimulator();
    const other = await startSimulator();
    try {
      const foreign = await tokenFor(other);
      expect((await get(sim, "/v2/iso", foreign)).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
