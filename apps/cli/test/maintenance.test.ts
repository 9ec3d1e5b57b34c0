// remove-scope and prune-history as an operator runs them: the real CLI, on a PostgreSQL server
// (DATABASE_URL) filled by real syncs, and on the embedded mirror that `mirror` made.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "./run-cli.js";

const root = mkdtempSync(join(tmpdir(), "vss-maintenance-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("on a PostgreSQL server", () => {
  let sim: Simulator;
  let testDb: { url: string; drop: () => Promise<void> };
  let env: Record<string, string>;
  beforeAll(async () => {
    testDb = await createTestDatabase(inject("databaseUrl"));
    sim = await startSimulator({ items: 80, tokenRateLimit: false, syncStepMs: 5 });
    env = {
      VSS_API_URL: sim.url,
      VSS_USERNAME: "alice",
      VSS_PASSWORD: "alice-password",
      DATABASE_URL: testDb.url,
      PERSONAL_SYNC_POLL_MS: "20",
      LOG_LEVEL: "warn",
    };
    const synced = await runCli(["sync", "--once", "--no-progress"], env);
    expect(synced.code, synced.stderr).toBe(0);
  });
  afterAll(async () => {
    await sim?.close();
    await testDb?.drop();
  });

  async function count(sql: string): Promise<number> {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
    } finally {
      await client.end();
    }
  }

  it("remove-scope asks for --yes when nobody is at a terminal, and removes nothing without it", async () => {
    const run = await runCli(["remove-scope", "alice"], env);
    expect(run).toMatchObject({
      code: 2,
      stdout: "",
      stderr:
        'remove-scope would remove every item, change and sync run of scope "alice": pass --yes to confirm\n',
    });
    expect(await count("select count(*) as n from vss.iso_images where scope = 'alice'")).toBe(3);
  });

  it("remove-scope of a scope the mirror does not hold names the ones it does", async () => {
    const run = await runCli(["remove-scope", "alcie", "--yes"], env);
    expect(run).toMatchObject({
      code: 1,
      stderr: 'nothing is stored for scope "alcie" (stored scopes: alice, public); nothing was removed\n',
    });
  });

  it("remove-scope --yes removes the scope and says how much; the public catalogue stays", async () => {
    const changes = await count("select count(*) as n from vss.iso_image_changes where scope = 'alice'");
    const run = await runCli(["remove-scope", "alice", "--yes"], env);
    expect(run).toMatchObject({
      code: 0,
      stderr: "",
      stdout: `removed scope alice: 3 items, ${changes} history rows, 1 sync runs\n`,
    });
    expect(await count("select count(*) as n from vss.iso_image_rows where scope = 'alice'")).toBe(0);
    expect(await count("select count(*) as n from vss.sync_runs where scope = 'alice'")).toBe(0);
    expect(await count("select count(*) as n from vss.iso_images where scope = 'public'")).toBe(80);
  });

  it("prune-history removes the history older than --older-than and says how many rows", async () => {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      await client.query(
        "update vss.iso_image_changes set at = at - interval '40 days' where id in (select id from vss.iso_image_changes order by id limit 25)",
      );
    } finally {
      await client.end();
    }
    const run = await runCli(["prune-history", "--older-than", "30d"], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^removed 25 history rows recorded before \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
    expect(await count("select count(*) as n from vss.iso_image_changes")).toBe(55);
  });

  it("prune-history refuses a bad duration (exit 2) and a missing one, deleting nothing", async () => {
    const bad = await runCli(["prune-history", "--older-than", "ninety"], env);
    expect(bad).toMatchObject({
      code: 2,
      stdout: "",
      stderr: '--older-than: "ninety" is not a positive duration (e.g. 90d, 12h, 2w, "6 months", "1 year")\n',
    });
    const missing = await runCli(["prune-history"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--older-than <duration>' not specified");
    expect(await count("select count(*) as n from vss.iso_image_changes")).toBe(55);
  });
});

describe("on the embedded mirror", () => {
  const dataDir = join(root, "pglite");

  it("with no mirror folder yet, says so and creates none", async () => {
    const run = await runCli(["prune-history", "--older-than", "90d"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(run).toMatchObject({
      code: 2,
      stderr: `no DATABASE_URL, and no embedded mirror in ${dataDir} (VSS_MIRROR_DATA_DIR)\n`,
    });
  });

  it("prune-history and remove-scope work on the folder `mirror` filled", async () => {
    const mirrored = await runCli(["mirror"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(mirrored.code, mirrored.stderr).toBe(0);
    const pruned = await runCli(["prune-history", "--older-than", "1 day"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(pruned.stderr).toBe("");
    expect(pruned.stdout).toMatch(/^removed 0 history rows recorded before /);
    const removed = await runCli(["remove-scope", "alice", "--yes"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(removed).toMatchObject({ code: 0, stderr: "" });
    expect(removed.stdout).toMatch(/^removed scope alice: 3 items, 3 history rows, 1 sync runs\n$/);
    const report = await runCli(["report", "by-data-store", "--format", "csv"], {
      VSS_MIRROR_DATA_DIR: dataDir,
    });
    expect(report.stdout).not.toContain("alice");
  }, 240_000);
});
