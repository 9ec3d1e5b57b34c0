// Login (plain and two-factor, good and bad credentials), the token rate limit, and the personal
// store sync (PATCH, then poll to a final state) against the simulator.
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { inspect } from "node:util";
import { Secret, TOTP } from "otpauth";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  VssAuthError,
  VssImageSyncFailedError,
  VssImageSyncTimeoutError,
  VssOtpRequiredError,
} from "../src/index.js";
import { ALICE, BOB, clientFor, failure } from "./sim-helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ items: 12, tokenRateLimit: false, syncStepMs: 20 });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

const tokenRequests = async () => (await sim.control.stats()).byRoute["POST /auth/request-token"] ?? 0;

describe("login", () => {
  it("a plain account works and all concurrent requests share one token", async () => {
    const client = clientFor(sim);
    await Promise.all(Array.from({ length: 10 }, () => client.listIsos()));
    await client.getIso(1);
    expect((await sim.control.stats()).tokensIssued).toBe(1);
  });

  it("two-factor account with the otp", async () => {
    const page = await clientFor(sim, BOB).listIsos();
    expect(page.total).toBe(12);
  });

  it("two-factor account without the otp: VssOtpRequiredError, not retried", async () => {
    const { otp: _otp, ...noOtp } = BOB;
    const error = await failure(clientFor(sim, noOtp).listIsos());
    expect(error).toBeInstanceOf(VssOtpRequiredError);
    expect(await tokenRequests()).toBe(1);
  });

  it("two-factor account with a wrong otp: VssAuthError", async () => {
    const error = await failure(clientFor(sim, { ...BOB, otp: "000000" }).listIsos());
    expect(error).toBeInstanceOf(VssAuthError);
    expect(error).not.toBeInstanceOf(VssOtpRequiredError);
  });

  it("wrong password: VssAuthError, not retried", async () => {
    const error = await failure(clientFor(sim, { ...ALICE, password: "wrong" }).listIsos());
    expect(error).toBeInstanceOf(VssAuthError);
    expect(error).toMatchObject({ status: 401, path: "/auth/request-token" });
    expect(await tokenRequests()).toBe(1);
  });
});

describe("prefetchToken", () => {
  it("logs in ahead: the first request uses that token, and no second login is made", async () => {
    const client = clientFor(sim);
    client.prefetchToken();
    await expect.poll(async () => (await sim.control.stats()).tokensIssued).toBe(1);
    expect((await client.listIsos()).total).toBe(12);
    client.prefetchToken(); // a token is held: nothing to do
    await client.getIso(1);
    expect(await tokenRequests()).toBe(1);
  });

  it("hands a failed login to the first request, which does not log in again; the next one tries anew", async () => {
    const client = clientFor(sim, { ...ALICE, password: "wrong" });
    client.prefetchToken();
    await expect.poll(tokenRequests).toBe(1);
    const error = await failure(client.listIsos());
    expect(error).toBeInstanceOf(VssAuthError);
    expect(await tokenRequests()).toBe(1);
    expect(await failure(client.listIsos())).toBeInstanceOf(VssAuthError);
    expect(await tokenRequests()).toBe(2);
  });
});

describe("two-factor account with a TOTP secret", () => {
  const SECRET = "JBSWY3DPEHPK3PXPKRSXG5DTMVRXEZLU";
  const CAROL = { username: "carol", password: "carol-password" };
  let totpSim: Simulator;
  beforeAll(async () => {
    totpSim = await startSimulator({
      items: 4,
      tokenRateLimit: false,
      users: [{ ...CAROL, totpSecret: SECRET }],
    });
  });
  afterAll(() => totpSim.close());
  afterEach(() => vi.useRealTimers());

  it("sends the code of the current 30 s step on every token request, not the first one again", async () => {
    // Only Date is faked: the sockets and timers stay real, and the simulator (in this process) checks
    // each code against the same clock. The first code is two steps old by the second login, so a
    // client that reused it would be refused.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-01T12:00:05Z") });
    const client = clientFor(totpSim, { ...CAROL, totpSecret: SECRET });
    expect((await client.listIsos()).total).toBe(4);
    vi.setSystemTime(new Date("2026-03-01T12:01:35Z"));
    await totpSim.control.setFaults([{ kind: "expire-token", times: 1 }]);
    expect((await client.listIsos()).total).toBe(4);
    expect((await totpSim.control.stats()).tokensIssued).toBe(2);
  });

  it("a wrong secret: VssAuthError that shows neither the secret nor the code", async () => {
    const wrong = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const error = await failure(clientFor(totpSim, { ...CAROL, totpSecret: wrong }).listIsos());
    expect(error).toBeInstanceOf(VssAuthError);
    expect(String(error)).toContain("invalid otp");
    const code = new TOTP({ secret: Secret.fromBase32(wrong) }).generate();
    for (const text of [String(error), JSON.stringify(error), inspect(error)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(code);
    }
  });

  it("a secret that is not base32 is refused when the client is made, without quoting it", () => {
    expect(() => clientFor(totpSim, { ...CAROL, totpSecret: "secret-1!" })).toThrow(
      /^VssClient: totpSecret is not a base32 string \(A-Z, 2-7\)$/,
    );
    expect(() => clientFor(totpSim, { ...CAROL, otp: "123456", totpSecret: SECRET })).toThrow(
      "give otp or totpSecret, not both",
    );
  });
});

describe("token rate limit", () => {
  it("a 429 from the token endpoint is retried after Retry-After", async () => {
    const limited = await startSimulator({ items: 3, tokenRateLimit: { limit: 1, windowSeconds: 1 } });
    try {
      await clientFor(limited).listIsos();
      const started = Date.now();
      const second = clientFor(limited, { maxRetryAfterMs: 3000 });
      expect((await second.listIsos()).total).toBe(3);
      expect(second.stats.byStatus["429"]).toBeGreaterThanOrEqual(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    } finally {
      await limited.close();
    }
  });
});

describe("personal store sync", () => {
  const files = [
    { name: "one.iso", created_on: "2024-01-15 11:00:00 EST" },
    { name: "two.iso", created_on: "2024-07-02 Tue 09:15:00 EDT" },
    { name: "three.iso" },
  ];

  it("PATCH then poll until PROCESSED; the listing changes only afterwards", async () => {
    const client = clientFor(sim);
    await sim.control.setFiles("alice", files);
    const before = await client.listPersonalIsos();
    expect(before.items.map((i) => i.name).sort()).toEqual(["alice-tools.iso", "ubuntu-22.04-custom.iso"]);
    const request = await client.syncPersonalIsos({ pollIntervalMs: 5, timeoutMs: 5000 });
    expect(request.status).toBe("PROCESSED");
    const after = await client.listPersonalIsos();
    expect(after.items.map((i) => i.name).sort()).toEqual(["one.iso", "three.iso", "two.iso"]);
    expect(after.items.every((i) => !i.isPublic)).toBe(true);
    expect((await client.getImageSyncRequest(request.id)).status).toBe("PROCESSED");
    const byRoute = (await sim.control.stats()).byRoute;
    expect(byRoute["GET /v2/request/image_sync/:id"]).toBeGreaterThanOrEqual(2);
  });

  it("SCHEDULED counts as done", async () => {
    await sim.control.setSyncOutcome("alice", "SCHEDULED");
    const request = await clientFor(sim).syncPersonalIsos({ pollIntervalMs: 5 });
    expect(request.status).toBe("SCHEDULED");
  });

  it.each(["ERROR", "ERROR_RETRY", "CANCELLED"] as const)(
    "%s: VssImageSyncFailedError carrying the request",
    async (status) => {
      const client = clientFor(sim);
      await sim.control.setFiles("alice", files);
      await sim.control.setSyncOutcome("alice", status);
      const error = await failure(client.syncPersonalIsos({ pollIntervalMs: 5 }));
      expect(error).toBeInstanceOf(VssImageSyncFailedError);
      expect((error as VssImageSyncFailedError).request.status).toBe(status);
      expect((error as VssImageSyncFailedError).request.id).toBeGreaterThan(0);
      expect((await client.listPersonalIsos()).count).toBe(2); // unchanged
    },
  );

  it("no final state within timeoutMs: VssImageSyncTimeoutError", async () => {
    const slow = await startSimulator({ items: 1, tokenRateLimit: false, syncStepMs: 5000 });
    try {
      const started = Date.now();
      const error = await failure(clientFor(slow).syncPersonalIsos({ pollIntervalMs: 20, timeoutMs: 150 }));
      expect(error).toBeInstanceOf(VssImageSyncTimeoutError);
      expect((error as VssImageSyncTimeoutError).request.status).toMatch(/SUBMITTED|IN_PROGRESS/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await slow.close();
    }
  });
});
