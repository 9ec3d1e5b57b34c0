// The real CLI against a real PostgreSQL database (one per file) and a simulator in this process.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectCamelCaseKeys } from "./json-keys.js";
import { runCli } from "./run-cli.js";

const ITEMS = 60;
let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let env: Record<string, string>;
let accountsFile: string;

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  // No token rate limit: every CLI run is a new process and asks for a new token.
  sim = await startSimulator({ items: ITEMS, tokenRateLimit: false, syncStepMs: 5 });
  const dir = mkdtempSync(join(tmpdir(), "vss-cli-"));
  accountsFile = join(dir, "accounts.json");
  writeFileSync(accountsFile, JSON.stringify([{ username: "bob", password: "bob-password", otp: "123456" }]));
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    VSS_PASSWORD: "alice-password",
    DATABASE_URL: testDb.url,
    VSS_RETRIES: "1",
    PERSONAL_SYNC_POLL_MS: "20",
    LOG_LEVEL: "warn",
  };
});

afterAll(async () => {
  await sim?.close();
  await testDb?.drop();
});

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** stderr minus the JSON progress lines `sync --once` writes when stderr is not a terminal. */
function withoutProgress(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !line.startsWith('{"event":"progress",'))
    .join("\n");
}

describe("vss-mirror against PostgreSQL and the simulator", () => {
  it("status on a database that was never migrated says what to do", async () => {
    const run = await runCli(["status"], env);
    expect(run).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "the database has no vss schema yet: run `vss-mirror migrate` (or a sync) first\n",
    });
  });

  it("migrate applies the schema once, then finds nothing to do", async () => {
    const first = await runCli(["migrate"], env);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/^applied \d+ migrations? \(\d+ in total\)\n$/);
    const second = await runCli(["migrate"], env);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toMatch(/^database schema is up to date \(\d+ migrations applied\)\n$/);
  });

  it("status says so when nothing has run yet", async () => {
    const run = await runCli(["status"], env);
    expect(run).toMatchObject({ code: 0, stdout: "no sync runs recorded yet\n" });
  });

  it("sync --once --scope public exits 0, prints a summary and stores every item", async () => {
    const run = await runCli(["sync", "--once", "--scope", "public"], env);
    expect(withoutProgress(run.stderr)).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^public: succeeded \\(run \\d+\\) inserted=${ITEMS} updated=0 restored=0 unchanged=0 deleted=0 pages=\\d+ items=${ITEMS} duration=\\S+\\n$`,
      ),
    );
    const rows = await query<{ count: string }>(
      "select count(*) from vss.iso_images where scope = 'public' and deleted_at is null",
    );
    expect(Number(rows[0]?.count)).toBe(ITEMS);
    const runs = await query("select scope, trigger, status from vss.sync_runs");
    expect(runs).toEqual([{ scope: "public", trigger: "cli", status: "succeeded" }]);
  });

  it("a second sync --once finds nothing changed", async () => {
    const run = await runCli(["sync", "--once", "--scope", "public", "--json"], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; scopes: Record<string, unknown>[] };
    expect(report.ok).toBe(true);
    expectCamelCaseKeys(report);
    expect(report.scopes).toEqual([
      expect.objectContaining({
        scope: "public",
        status: "succeeded",
        inserted: 0,
        unchanged: ITEMS,
        deleted: 0,
      }),
    ]);
  });

  it("sync --once --scope all syncs the public catalogue and every account's personal store", async () => {
    const run = await runCli(["sync", "--once"], { ...env, VSS_ACCOUNTS_FILE: accountsFile });
    expect(withoutProgress(run.stderr)).toBe("");
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(":")[0]),
    ).toEqual(["public", "alice", "bob"]);
    const rows = await query<{ scope: string; count: string }>(
      "select scope, count(*) from vss.iso_images where scope <> 'public' group by scope order by scope",
    );
    // alice's store lists three files after its sync; bob's is empty.
    expect(rows).toEqual([{ scope: "alice", count: "3" }]);
  });

  it("sync --once --scope <username> syncs only that account's personal store", async () => {
    const [before] = await query<{ last: number }>(
      "select coalesce(max(id), 0)::int as last from vss.sync_runs",
    );
    const run = await runCli(["sync", "--once", "--scope", "bob"], {
      ...env,
      VSS_ACCOUNTS_FILE: accountsFile,
    });
    expect(withoutProgress(run.stderr)).toBe("");
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(":")[0]),
    ).toEqual(["bob"]);
    const runs = await query<{ scope: string }>("select scope from vss.sync_runs where id > $1", [
      before!.last,
    ]);
    expect(runs).toEqual([{ scope: "bob" }]);
  });

  it("a wrong password fails that account's scopes with one line each, runs the others, never prints it", async () => {
    const wrong = "wrong-password-do-not-print";
    const run = await runCli(["sync", "--once"], {
      ...env,
      VSS_PASSWORD: wrong,
      VSS_ACCOUNTS_FILE: accountsFile,
      LOG_LEVEL: "trace",
    });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(wrong);
    const failures = run.stderr.split("\n").filter((line) => line.startsWith("sync failed for scope "));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^sync failed for scope public: .*\b401\b/);
    expect(failures[1]).toMatch(/^sync failed for scope alice: .*\b401\b/);
    // bob's own password is right: his scope still ran.
    expect(run.stdout).toMatch(/^bob: succeeded /m);
  });

  it("status lists the last runs of each scope", async () => {
    const run = await runCli(["status"], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^scope\s+status\s+trigger\s+started\s+duration\s+walk\s+items\s+inserted\s+updated\s+deleted\s+error$/,
    );
    expect(lines.filter((line) => /^public\s+succeeded\s+cli\s/.test(line))).toHaveLength(3);
    expect(lines.some((line) => /^public\s+failed\s+cli\s.*401/.test(line))).toBe(true);
    expect(lines.some((line) => /^bob\s+succeeded\s+cli\s/.test(line))).toBe(true);
  });

  it("status --json --limit 1 gives the newest run per scope", async () => {
    const run = await runCli(["status", "--json", "--limit", "1"], env);
    expect(run.code).toBe(0);
    const runs = JSON.parse(run.stdout) as { scope: string; status: string; trigger: string }[];
    expectCamelCaseKeys(runs);
    expect(runs.map((r) => [r.scope, r.status, r.trigger])).toEqual([
      ["alice", "failed", "cli"],
      ["bob", "succeeded", "cli"],
      ["public", "failed", "cli"],
    ]);
  });
});
