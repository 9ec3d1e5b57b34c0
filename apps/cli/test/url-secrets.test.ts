// A password written into a URL (DATABASE_URL, VSS_API_URL) must never come back out: not on stdout or
// stderr, not in any log line (every level on), not anywhere in the database (pg_dump of all of it),
// whatever the commands do, succeed or fail.
import { spawnSync } from "node:child_process";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "./run-cli.js";

const SECRET = "pw-in-a-url-7f3a9c";
let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let env: Record<string, string>;
const printed: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  sim = await startSimulator({ items: 30, tokenRateLimit: false, syncStepMs: 5 });
  // Trust authentication ignores the password, so the URL holding one still connects.
  const withPassword = new URL(testDb.url);
  withPassword.password = SECRET;
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    VSS_PASSWORD: "alice-password",
    DATABASE_URL: withPassword.toString(),
    VSS_RETRIES: "0",
    PERSONAL_SYNC_POLL_MS: "20",
    LOG_LEVEL: "trace",
  };
});

afterAll(async () => {
  await sim?.close();
  await testDb?.drop();
});

async function run(args: string[], extra: Record<string, string> = {}) {
  const result = await runCli(args, { ...env, ...extra });
  printed.push(result.stdout, result.stderr);
  return result;
}

describe("a password inside a URL", () => {
  it("is refused in VSS_API_URL at start, masked", async () => {
    const url = new URL(sim.url);
    url.username = "alice";
    url.password = SECRET;
    const result = await run(["sync", "--once"], { VSS_API_URL: url.toString() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^VSS_API_URL must not hold a user name or password \(got "http:\/\/alice:\*\*\*@/,
    );
  });

  it("never appears in any output or log line of commands that work and that fail, nor in the database", async () => {
    expect((await run(["migrate"])).code).toBe(0);
    expect((await run(["sync", "--once", "--scope", "all"])).code).toBe(0);
    await sim.control.setFaults([{ kind: "status", status: 500, match: { path: "/v2/iso" }, after: 1 }]);
    expect((await run(["sync", "--once", "--scope", "public"])).code).toBe(1);
    await sim.control.clearFaults();
    expect((await run(["status", "--json"])).code).toBe(0);
    expect((await run(["report", "runs", "--format", "json"])).code).toBe(0);
    // The same password on a database that cannot be reached.
    const unreachable = new URL(env.DATABASE_URL!);
    unreachable.port = "1";
    expect((await run(["status"], { DATABASE_URL: unreachable.toString() })).code).toBe(1);

    const dump = spawnSync("pg_dump", ["--no-owner", "--dbname", testDb.url], { encoding: "utf8" });
    expect(dump.status).toBe(0);
    expect(dump.stdout).toContain("CREATE TABLE vss.sync_runs");
    expect(dump.stdout).toContain("VssServerError"); // the failed run's recorded error is in the dump
    const everything = [...printed, dump.stdout].join("\n");
    expect(everything.length).toBeGreaterThan(10_000); // trace logs, reports, the dump: it all was looked at
    expect(everything).not.toContain(SECRET);
  });
});
