// `vss-mirror report` against a real PostgreSQL mirror filled by real syncs from the simulator: every
// report in every format, with concrete content checked against the database.
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli as runCliInProcess } from "../src/cli.js";
import { REPORT_NAMES } from "../src/reports/reports.js";
import { csvObjects, parseCsv } from "./csv-parse.js";
import { expectCamelCaseKeys } from "./json-keys.js";
import { runCli } from "./run-cli.js";

const ITEMS = 300;
// Quotes, a comma, `%`, `_` and spaces: what breaks naive CSV and LIKE handling.
const ODD_NAME = 'Win10 "22H2", 100%_final copy.iso';
const RENAMED = "ubuntu-renamed-upstream.iso";
let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let env: Record<string, string>;
let oddId: number;

/** The CLI in this process (reports only read; a child process per format would cost a second each). */
async function report(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCliInProcess(["report", ...args], {
    env: { DATABASE_URL: testDb.url },
    io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
  });
  return { code, stdout, stderr };
}

async function json<T = Record<string, unknown>>(args: string[]): Promise<T[]> {
  const run = await report([...args, "--format", "json"]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  return JSON.parse(run.stdout) as T[];
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function sync(scope: "public" | "all"): Promise<void> {
  const run = await runCli(["sync", "--once", "--scope", scope, "--no-progress"], env);
  expect(run).toMatchObject({ code: 0, stderr: "" });
}

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  sim = await startSimulator({ items: ITEMS, tokenRateLimit: false, syncStepMs: 5 });
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    VSS_PASSWORD: "alice-password",
    DATABASE_URL: testDb.url,
    PERSONAL_SYNC_POLL_MS: "20",
    LOG_LEVEL: "warn",
  };
});

afterAll(async () => {
  await sim?.close();
  await testDb?.drop();
});

describe("vss-mirror report", () => {
  it("an unknown report exits 2 listing the valid names", async () => {
    const run = await runCli(["report", "bogus"], { DATABASE_URL: "postgres://127.0.0.1:9/none" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(REPORT_NAMES.join(", "));
  });

  it("a database that was never migrated is told to run vss-mirror migrate", async () => {
    const run = await runCli(["report", "by-data-store"], { DATABASE_URL: testDb.url });
    expect(run).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "the database has no vss schema yet: run `vss-mirror migrate` (or a sync) first\n",
    });
  });

  it("an empty mirror gives every report empty, with its header", async () => {
    expect((await runCli(["migrate"], env)).code).toBe(0);
    for (const name of REPORT_NAMES) {
      const csv = await report([name, "--format", "csv"]);
      expect(csv).toMatchObject({ code: 0, stderr: "" });
      expect(parseCsv(csv.stdout)).toHaveLength(1);
      expect(await json([name])).toEqual([]);
      const table = await report([name]);
      expect(table.stdout.split("\n")).toEqual([expect.stringMatching(/^[a-z_]+(\s+[a-z_]+)+$/), ""]);
    }
  });

  describe("on a synced mirror", () => {
    beforeAll(async () => {
      // The newest item of the catalogue, so that `newest` shows it first.
      const odd = await sim.control.addItem({
        name: ODD_NAME,
        path: `[vss-ISOs] Microsoft/Windows/${ODD_NAME}`,
        created_on: "2030-01-15 09:00:00 EST",
        updated_on: "2030-01-15 10:00:00 EST",
      });
      oddId = odd.id;
      await sync("all");
      // Changes upstream between two syncs: an update and a deletion.
      await sim.control.updateItem(5, { name: RENAMED });
      await sim.control.deleteItem(7);
      await sync("public");
    });

    it("by-data-store counts live images per scope and data store, summing to the live item count", async () => {
      const rows = await json<{ scope: string; dataStore: string; images: number }>(["by-data-store"]);
      // ITEMS + the odd one - the deleted one; alice's store lists three files.
      expect(rows).toEqual([
        { scope: "public", dataStore: "vss-ISOs", images: ITEMS },
        { scope: "alice", dataStore: "vssUser-xfers", images: 3 },
      ]);
      const [live] = await query<{ count: string }>(
        "select count(*) from vss.iso_images where deleted_at is null",
      );
      expect(rows.reduce((sum, row) => sum + row.images, 0)).toBe(Number(live?.count));

      const csv = await report(["by-data-store", "--format", "csv"]);
      expect(csvObjects(csv.stdout)).toEqual([
        { scope: "public", data_store: "vss-ISOs", images: String(ITEMS) },
        { scope: "alice", data_store: "vssUser-xfers", images: "3" },
      ]);
      const table = await report(["by-data-store", "--scope", "alice"]);
      expect(table.stdout).toBe("scope  data_store     images\nalice  vssUser-xfers       3\n");
    });

    it("by-os-family groups public images by the first folder of their path", async () => {
      const rows = await json<{ family: string; images: number }>(["by-os-family"]);
      const expected = await query<{ family: string; images: string }>(
        `select split_part(split_part(path, '] ', 2), '/', 1) as family, count(*) as images
         from vss.iso_images where scope = 'public' and deleted_at is null group by family`,
      );
      expect(rows.map((r) => [r.family, r.images]).sort()).toEqual(
        expected.map((r) => [r.family, Number(r.images)]).sort(),
      );
      expect(rows.map((r) => r.family)).toEqual(expect.arrayContaining(["Linux", "Microsoft"]));
      expect(rows.reduce((sum, row) => sum + row.images, 0)).toBe(ITEMS);
      // Largest first.
      expect(rows.map((r) => r.images)).toEqual([...rows.map((r) => r.images)].sort((a, b) => b - a));

      const csv = csvObjects((await report(["by-os-family", "--format", "csv"])).stdout);
      expect(csv.map((r) => [r.family, Number(r.images)])).toEqual(rows.map((r) => [r.family, r.images]));
      const table = (await report(["by-os-family"])).stdout.split("\n");
      expect(table[0]).toMatch(/^family\s+images$/);
      expect(table[1]).toMatch(new RegExp(`^${rows[0]?.family}\\s+${rows[0]?.images}$`));
    });

    it("newest lists the newest live images first, --limit of them, and a quoted name round-trips through CSV", async () => {
      const rows = await json<{ scope: string; vssId: number; name: string; updatedOn: string }>([
        "newest",
        "--limit",
        "5",
      ]);
      expect(rows).toHaveLength(5);
      expect(rows[0]).toMatchObject({
        scope: "public",
        vssId: oddId,
        name: ODD_NAME,
        updatedOn: "2030-01-15T15:00:00.000Z",
      });
      expect(rows.map((r) => r.updatedOn)).toEqual([...rows.map((r) => r.updatedOn)].sort().reverse());
      expect(await json(["newest"])).toHaveLength(20);

      const csv = await report(["newest", "--limit", "5", "--format", "csv"]);
      expect(csv.stdout).toContain(`"Win10 ""22H2"", 100%_final copy.iso"`);
      const records = csvObjects(csv.stdout);
      expect(records[0]).toMatchObject({
        scope: "public",
        vss_id: String(oddId),
        name: ODD_NAME,
        path: `[vss-ISOs] Microsoft/Windows/${ODD_NAME}`,
        created_on: "2030-01-15T14:00:00.000Z",
      });
      expect(records.map((r) => r.name)).toEqual(rows.map((r) => r.name));

      const table = (await report(["newest", "--limit", "5"])).stdout.split("\n");
      expect(table[0]).toMatch(/^scope\s+vss_id\s+name\s+path\s+updated_on\s+created_on$/);
      expect(table[1]).toContain(ODD_NAME);
      // Aligned: every row's name starts where the header's does.
      const nameAt = table[0]?.indexOf("name") ?? -1;
      expect(table[1]?.slice(nameAt).startsWith(ODD_NAME)).toBe(true);
    });

    it("changes shows the update and the deletion made upstream between the two syncs", async () => {
      const rows = await json(["changes"]);
      // Deletions are written after the walk, so they come last in their run and first here.
      expect(rows).toEqual([
        expect.objectContaining({ scope: "public", vssId: 7, change: "deleted", fields: ["deleted_at"] }),
        expect.objectContaining({
          scope: "public",
          vssId: 5,
          change: "updated",
          name: RENAMED,
          fields: ["name"],
        }),
      ]);
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(Date.now() - Date.parse(String(row.at))).toBeLessThan(10 * 60_000);

      const csv = csvObjects((await report(["changes", "--days", "1", "--format", "csv"])).stdout);
      expect(csv.find((r) => r.change === "updated")).toMatchObject({
        vss_id: "5",
        name: RENAMED,
        fields: "name",
      });
      const table = (await report(["changes"])).stdout.split("\n");
      expect(table[0]).toMatch(/^at\s+scope\s+vss_id\s+change\s+name\s+fields$/);
      expect(
        table.some((line) => new RegExp(`\\spublic\\s+5\\s+updated\\s+${RENAMED}\\s+name$`).test(line)),
      ).toBe(true);

      // --created adds every first-seen item; --scope narrows to one store.
      const withCreated = await json<{ change: string }>(["changes", "--created"]);
      expect(withCreated.filter((r) => r.change === "created")).toHaveLength(ITEMS + 1 + 3);
      const alice = await json<{ scope: string; change: string }>([
        "changes",
        "--created",
        "--scope",
        "alice",
      ]);
      expect(alice.map((r) => [r.scope, r.change])).toEqual(Array(3).fill(["alice", "created"]));
    });

    it("runs lists the last runs of each scope with their counters", async () => {
      const rows = await json<Record<string, unknown>>(["runs"]);
      expect(rows.map((r) => [r.scope, r.status, r.trigger])).toEqual([
        ["alice", "succeeded", "cli"],
        ["public", "succeeded", "cli"],
        ["public", "succeeded", "cli"],
      ]);
      expect(rows[1]).toMatchObject({ itemsSeen: ITEMS, updated: 1, deleted: 1, error: null });
      expect(rows[2]).toMatchObject({ itemsSeen: ITEMS + 1, inserted: ITEMS + 1 });
      expect(typeof rows[1]?.durationMs).toBe("number");

      expect((await json(["runs", "--limit", "1"])).map((r) => r.scope)).toEqual(["alice", "public"]);
      expect((await json(["runs", "--scope", "public"])).map((r) => r.scope)).toEqual(["public", "public"]);
      const csv = csvObjects((await report(["runs", "--format", "csv"])).stdout);
      expect(csv[1]).toMatchObject({
        scope: "public",
        status: "succeeded",
        updated: "1",
        deleted: "1",
        error: "",
      });
      const table = (await report(["runs", "--limit", "1"])).stdout.trimEnd().split("\n");
      expect(table).toHaveLength(3);
      expect(table[0]).toMatch(/^scope\s+id\s+status\s+trigger\s+started_at\s+finished_at\s+duration_ms/);
      expect(table[2]).toMatch(/^public\s+\d+\s+succeeded\s+cli\s+\d{4}-/);
    });

    it("an unknown --scope exits 1 naming it and listing the scopes the mirror holds", async () => {
      for (const name of ["by-data-store", "newest", "changes", "runs"]) {
        const run = await report([name, "--scope", "alcie"]);
        expect(run).toEqual({
          code: 1,
          stdout: "",
          stderr:
            'vss-mirror: unknown scope "alcie": this mirror holds public, alice ' +
            "(a personal store is named by its username, as synced)\n",
        });
      }
    });

    it("by-os-family refuses a personal scope with a usage error, and answers for public", async () => {
      const run = await report(["by-os-family", "--scope", "alice"]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        "vss-mirror: by-os-family reads the public catalogue's folders (the OS families); a personal " +
          'store such as "alice" is laid out by its owner\'s name instead: try `vss-mirror report newest --scope alice`\n',
      );
      expect(await json(["by-os-family", "--scope", "public"])).toEqual(await json(["by-os-family"]));
    });

    it("every report's JSON keys are camelCase, as status and sync --json are", async () => {
      for (const name of REPORT_NAMES) {
        expectCamelCaseKeys(await json([name, "--created"]));
      }
    });
  });
});
