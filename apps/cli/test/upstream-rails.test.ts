// A mirror knows its upstream, as an operator meets it: `mirror` with only DATABASE_URL set (the
// built-in demo) on a database holding a real mirror refuses, naming both, and changes nothing; a sync
// from another VSS_API_URL refuses; --reset-upstream re-points the database and says what that means.
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "./run-cli.js";

let sim: Simulator;
let other: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  [sim, other] = await Promise.all([
    startSimulator({ items: 300, tokenRateLimit: false }),
    startSimulator({ items: 40, seed: 2, tokenRateLimit: false }),
  ]);
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    VSS_PASSWORD: "alice-password",
    DATABASE_URL: testDb.url,
  };
});
afterAll(async () => {
  await Promise.all([sim?.close(), other?.close()]);
  await testDb?.drop();
});

async function counts() {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ live: number; runs: number; upstream: string }>(
      `select (select count(*) from vss.iso_images where deleted_at is null)::int as live,
              (select count(*) from vss.sync_runs)::int as runs,
              (select upstream from vss.mirror_upstream) as upstream`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

describe("a mirror that knows its upstream", () => {
  it("`mirror` with only DATABASE_URL set refuses to run the demo over a real mirror, changing nothing", async () => {
    expect((await runCli(["sync", "--once", "--scope", "public"], env)).code).toBe(0);
    const before = await counts();
    expect(before).toMatchObject({ live: 300, upstream: sim.url });
    const run = await runCli(["mirror"], { DATABASE_URL: testDb.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `vss-mirror: this database mirrors ${sim.url}, not the built-in demo upstream: the demo never runs on a ` +
        "database holding other data; set VSS_API_URL, VSS_USERNAME and VSS_PASSWORD to sync it, or use " +
        "another data folder (VSS_MIRROR_DATA_DIR) or DATABASE_URL\n",
    );
    expect(run.stdout).not.toMatch(/deleted/);
    expect(await counts()).toEqual(before);
  });

  it("a sync from another VSS_API_URL refuses, naming both; --reset-upstream re-points the database", async () => {
    const before = await counts();
    const elsewhere = { ...env, VSS_API_URL: other.url };
    const refused = await runCli(["sync", "--once", "--scope", "public"], elsewhere);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `sync failed for scope public: this database mirrors ${sim.url}, not ${other.url}: check VSS_API_URL, ` +
        "or run the sync once with --reset-upstream to re-point this database",
    );
    expect(await counts()).toEqual(before);

    const reset = await runCli(
      ["sync", "--once", "--scope", "public", "--reset-upstream", "--no-progress"],
      elsewhere,
    );
    expect(reset.code).toBe(0);
    expect(reset.stderr).toContain(
      `this database mirrors ${sim.url}; --reset-upstream re-points it to ${other.url}: its rows stay, ` +
        `and this sync marks deleted whatever ${other.url} does not list`,
    );
    expect(await counts()).toMatchObject({ live: 40, upstream: other.url });
  });
});
