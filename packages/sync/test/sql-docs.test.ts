// Every ```sql block of docs/sql.md, run as-is against a mirror filled by real syncs: a public catalogue,
// alice's personal store, then an upstream update and deletion, then a failed run. The reporting contract
// is what users paste into psql, so a block that errors or answers wrongly is a broken contract.
// (The test lives here, not in packages/db: db's tests importing @vss-mirror/sync would make turbo see a
// db <-> sync dependency cycle and refuse to build.)
import { readFileSync } from "node:fs";
import { rowsOf } from "@vss-mirror/db";
import { sql as drizzleSql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSync } from "../src/index.js";
import { type Harness, startHarness } from "./harness.js";

interface DocBlock {
  /** The `###` heading the block sits under. */
  title: string;
  sql: string;
}

const DOC = readFileSync(new URL("../../../docs/sql.md", import.meta.url), "utf8");

function sqlBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  let title = "";
  let open: string[] | undefined;
  for (const line of markdown.split("\n")) {
    if (open) {
      if (line.startsWith("```")) {
        blocks.push({ title, sql: open.join("\n") });
        open = undefined;
      } else open.push(line);
    } else if (line.startsWith("### ")) title = line.slice(4).trim();
    else if (line.trim() === "```sql") open = [];
  }
  return blocks;
}

const BLOCKS = sqlBlocks(DOC);

function block(title: string): string {
  const found = BLOCKS.find((b) => b.title === title);
  if (!found) throw new Error(`docs/sql.md has no \`\`\`sql block under "### ${title}"`);
  return found.sql;
}

let h: Harness;
let firstPublicRun: { id: number; startedAt: Date };
const RENAMED = "ubuntu-22.04-renamed-upstream.iso";

const query = <T>(text: string): Promise<T[]> => h.database.query<T>(text);

beforeAll(async () => {
  h = await startHarness({ items: 300 });
  const sync = (scope: string) =>
    runSync({
      upstream: h.sim.url,
      database: h.database,
      client: h.client("alice"),
      scope,
      trigger: "manual",
      personalSync: { pollIntervalMs: 5, timeoutMs: 5_000 },
    });
  const first = await sync("public");
  firstPublicRun = { id: first.runId, startedAt: await startedAt(first.runId) };
  await sync("alice");
  await h.sim.control.updateItem(5, { name: RENAMED });
  await h.sim.control.deleteItem(7);
  await sync("public");
  await sync("alice");
  // A failed run: its upstream change (item 6) must leave no row and no history.
  await h.sim.control.updateItem(6, { name: "never-stored.iso" });
  // The first two listing requests (the walk's head and its probe) pass; every later one fails.
  await h.sim.control.setFaults([{ kind: "status", status: 503, match: { path: "/v2/iso" }, after: 2 }]);
  await expect(sync("public")).rejects.toThrow(/503/);
  await h.sim.control.clearFaults();
  await h.database.query("analyze vss.iso_image_rows, vss.iso_image_changes, vss.sync_runs");
});
afterAll(() => h?.close());

async function startedAt(runId: number): Promise<Date> {
  const [row] = await h.database.query<{ started_at: Date }>(
    "select started_at from vss.sync_runs where id = $1",
    [runId],
  );
  return row!.started_at;
}

describe("docs/sql.md", () => {
  it("has the example queries people ask for", () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(10);
    expect(BLOCKS.length).toBeLessThanOrEqual(15);
  });

  it.each(BLOCKS)("runs as-is: $title", async ({ sql }) => {
    await expect(h.database.query(sql)).resolves.toBeDefined();
  });

  it("live images by data store sum to the live upstream items of every scope", async () => {
    const rows = await query<{ data_store: string; images: string }>(block("Live images by data store"));
    const publicItems = await h.sim.control.items("public");
    const aliceItems = await h.sim.control.items("alice");
    // The failed run's rename of item 6 is upstream but was never stored; the count is unaffected.
    expect(Object.fromEntries(rows.map((r) => [r.data_store, Number(r.images)]))).toEqual({
      "vss-ISOs": publicItems.length,
      "vssUser-xfers": aliceItems.length,
    });
    expect(publicItems).toHaveLength(299);
  });

  it("the OS family report covers every live public image with the path's first folder", async () => {
    const rows = await query<{ family: string; images: string }>(block("Public images by OS family"));
    const expected = new Map<string, number>();
    for (const item of await h.sim.control.items("public")) {
      const family = item.path.split("] ")[1]!.split("/")[0]!;
      expected.set(family, (expected.get(family) ?? 0) + 1);
    }
    expect(new Map(rows.map((r) => [r.family, Number(r.images)]))).toEqual(expected);
    expect(expected.has("Linux") && expected.has("Windows")).toBe(true);
  });

  it("the last 7 days show exactly the update and the deletion, not the failed run's change", async () => {
    const rows = await query<{
      scope: string;
      vss_id: string;
      change: string;
      name: string;
      diff: Record<string, [unknown, unknown]> | null;
    }>(block("What changed in the last 7 days"));
    expect(rows.map((r) => [r.scope, Number(r.vss_id), r.change])).toEqual([
      ["public", 7, "deleted"],
      ["public", 5, "updated"],
    ]);
    const updated = rows[1]!;
    expect(updated.name).toBe(RENAMED);
    expect(Object.keys(updated.diff ?? {})).toEqual(["name"]);
    expect(updated.diff?.name?.[1]).toBe(RENAMED);
    expect(rows[0]!.diff).toBeNull();
  });

  it("a deleted item shows when it went and the last successful run that saw it", async () => {
    const rows = await query<{ vss_id: string; last_seen_at: Date; deleted_at: Date | null }>(
      block("Items deleted upstream, and when"),
    );
    expect(rows.map((r) => Number(r.vss_id))).toEqual([7]);
    // The second public run found it gone, so the first is the last successful run that saw it.
    expect(rows[0]!.last_seen_at).toEqual(firstPublicRun.startedAt);
    expect(rows[0]!.deleted_at).toBeInstanceOf(Date);
  });

  it("the name-prefix lookup finds public and personal images and is served by an index", async () => {
    const sql = block("Which ISO, where: lookup by name prefix");
    const rows = await query<{ scope: string; name: string }>(sql);
    const expected = [
      ...(await h.sim.control.items("public")).map((item) => ["public", item.name]),
      ...(await h.sim.control.items("alice")).map((item) => ["alice", item.name]),
    ]
      .filter(([, name]) => name!.startsWith("ubuntu-22.04"))
      .sort(([sa, a], [sb, b]) => (a! < b! ? -1 : a! > b! ? 1 : sa! < sb! ? -1 : 1));
    expect(rows.map((r) => [r.scope, r.name])).toEqual(expected);
    expect(rows.map((r) => r.name)).toContain(RENAMED);
    expect(rows.map((r) => r.scope)).toContain("alice");

    // A few hundred rows fit in a handful of pages, where a sequential scan is cheaper whatever the
    // indexes; switching it off shows which index serves the query: the text_pattern_ops one, which
    // serves LIKE 'prefix%' under every collation.
    const plan = await h.database.withConnection(({ db }) =>
      db.transaction(async (tx) => {
        await tx.execute(drizzleSql`set local enable_seqscan = off`);
        const rows = await rowsOf<{ "QUERY PLAN": string }>(tx, drizzleSql.raw(`explain ${sql}`));
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      }),
    );
    // Each scope's partition has its own copy of iso_image_rows_name_pattern_idx: the plan reads them.
    const copies = await query<{ relname: string }>(
      `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'vss.iso_image_rows_name_pattern_idx'::regclass order by 1`,
    );
    expect(copies).toHaveLength(2);
    for (const { relname } of copies) expect(plan).toContain(relname);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it("personal store contents are alice's listing", async () => {
    const rows = await query<{ username: string; name: string; path: string }>(
      block("Personal store contents per user"),
    );
    const alice = (await h.sim.control.items("alice")).map((item) => item.name).sort();
    expect(rows.map((r) => r.username)).toEqual(alice.map(() => "alice"));
    expect(rows.map((r) => r.name)).toEqual(alice);
    expect(rows.every((r) => r.path.startsWith("[vssUser-xfers] alice/"))).toBe(true);
  });

  it("the last run of each scope shows alice's success and public's failure, with a duration", async () => {
    const rows = await query<{ scope: string; status: string; duration: unknown; error: string | null }>(
      block("Last run of each scope, with duration"),
    );
    expect(rows.map((r) => [r.scope, r.status])).toEqual([
      ["alice", "succeeded"],
      ["public", "failed"],
    ]);
    expect(rows.every((r) => r.duration !== null)).toBe(true);
    expect(rows[1]!.error).toMatch(/503/);
  });

  it("failed runs list the failed public run with its error", async () => {
    const rows = await query<{ scope: string; error: string }>(block("Failed runs in the last 30 days"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scope: "public", error: expect.stringMatching(/503/) });
  });

  it("items with an unmodelled field are the upstream items carrying it", async () => {
    const rows = await query<{ vss_id: string; checksum: string }>(
      block("Items with a field the schema does not model"),
    );
    const expected = (await h.sim.control.items("public"))
      .filter((item) => "checksum" in item)
      .map((item) => [item.id, item.checksum]);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => [Number(r.vss_id), r.checksum])).toEqual(expected);
  });

  it("the full history of item 5 is its creation then its rename", async () => {
    const rows = await query<{
      change: string;
      fields: string[];
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }>(block("Full history of one item"));
    expect(rows.map((r) => [r.change, r.fields])).toEqual([
      [
        "created",
        [
          "name",
          "path",
          "data_store",
          "is_public",
          "created_on",
          "updated_on",
          "extra",
          "created_on_text",
          "updated_on_text",
        ],
      ],
      ["updated", ["name"]],
    ]);
    expect(rows[0]!.before).toBeNull();
    expect(rows[1]!.after).toMatchObject({ name: RENAMED, updated_on: expect.stringMatching(/Z$/) });
    expect(Object.keys(rows[1]!.after ?? {}).sort()).toEqual(
      [
        "created_on",
        "data_store",
        "extra",
        "is_public",
        "name",
        "path",
        "updated_on",
        "created_on_text",
        "updated_on_text",
      ].sort(),
    );
  });
});
