// A two-factor account that runs unattended: with its TOTP secret every token request carries the
// current code, so a run that has to log in again and again (its tokens revoked mid-run) succeeds; a
// wrong secret fails saying why, and neither the secret nor a code shows in the output or the logs.
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import { Secret, TOTP } from "otpauth";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { runCli } from "./run-cli.js";

const SECRET = "JBSWY3DPEHPK3PXPKRSXG5DTMVRXEZLU";
const WRONG_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const CAROL = { username: "carol", password: "carol-password", totpSecret: SECRET };
let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  sim = await startSimulator({
    items: 300,
    tokenRateLimit: false,
    // Slow personal syncs, so that the run polls the request's state a dozen times, one poll at a time.
    syncStepMs: 150,
    users: [{ ...CAROL, personal: [{ name: "carol-tools.iso" }, { name: "carol-lab.iso" }] }],
  });
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: CAROL.username,
    VSS_PASSWORD: CAROL.password,
    DATABASE_URL: testDb.url,
    VSS_RETRIES: "1",
    PERSONAL_SYNC_POLL_MS: "20",
    LOG_LEVEL: "debug",
  };
});
beforeEach(() => sim.control.reset());
afterAll(async () => {
  await sim?.close();
  await testDb?.drop();
});

/** The codes of `secret` a server would accept right now (this 30 s step and its neighbours). */
function codesNear(secret: string): string[] {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
  const now = Date.now();
  return [-30_000, 0, 30_000].map((offset) => totp.generate({ timestamp: now + offset }));
}

function expectNoSecrets(output: string, secret: string): void {
  expect(output).not.toContain(secret);
  for (const code of codesNear(secret)) expect(output).not.toMatch(new RegExp(`\\b${code}\\b`));
}

describe("an account with VSS_TOTP_SECRET", () => {
  it("syncs its personal store, logging in afresh each time its token is revoked", async () => {
    // Three revocations spaced out over the run's polls of its sync request: each one costs a 401, a
    // token request with a new code, and one retry.
    await sim.control.setFaults(
      [0, 3, 6].map((after) => ({
        kind: "expire-token" as const,
        match: { path: "/v2/request/image_sync/*" },
        after,
        times: 1,
      })),
    );
    const run = await runCli(["sync", "--once", "--scope", "personal"], { ...env, VSS_TOTP_SECRET: SECRET });
    expect(run.code, run.stderr).toBe(0);
    const stats = await sim.control.stats();
    expect(stats.faultsApplied["expire-token"]).toBe(3);
    expect(stats.tokensIssued).toBe(4);
    expectNoSecrets(run.stdout + run.stderr, SECRET);
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const rows = await client.query<{ name: string }>(
        "select name from vss.iso_images where scope = 'carol' and deleted_at is null order by name",
      );
      expect(rows.rows.map((row) => row.name)).toEqual(["carol-lab.iso", "carol-tools.iso"]);
    } finally {
      await client.end();
    }
  });

  it("with a wrong secret fails naming the refused code, without the secret or a code", async () => {
    const run = await runCli(["sync", "--once", "--scope", "public"], {
      ...env,
      VSS_TOTP_SECRET: WRONG_SECRET,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("invalid otp");
    expectNoSecrets(run.stdout + run.stderr, WRONG_SECRET);
  });

  it("that is not base32 is refused at start, naming the variable and not the value", async () => {
    const run = await runCli(["sync", "--once", "--scope", "public"], {
      ...env,
      VSS_TOTP_SECRET: "not-a-secret!1",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("VSS_TOTP_SECRET is not a base32 string");
    expect(run.stderr).not.toContain("not-a-secret!1");
  });
});
