// remove-scope and prune-history on a mirror that real syncs filled, on both backends.
import { connectDatabase } from "@vss-mirror/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  InvalidDurationError,
  pruneHistory,
  removeScope,
  runSync,
  storedScopes,
  SyncLockedError,
} from "../src/index.js";
import { tryLockScope } from "../src/scope-lock.js";
import { BACKEND, emptyMirror, type Harness, startHarness, storedRows } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ items: 120 });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.sim.control.reset();
  await emptyMirror(h.database);
});

const sync = (scope: string) =>
  runSync({
    upstream: h.sim.url,
    database: h.database,
    client: h.client(scope === "public" ? "alice" : scope),
    scope,
    trigger: "cli",
    personalSync: { pollIntervalMs: 5, timeoutMs: 5_000 },
  });

const count = async (sql: string, params: unknown[] = []) =>
  Number((await h.database.query<{ n: string }>(sql, params))[0]?.n);

describe("removeScope", () => {
  it("deletes one scope's items, history and runs, leaves the others, and the next sync starts afresh", async () => {
    await sync("public");
    await sync("alice");
    await sync("alice");
    const publicRows = await storedRows(h.database, "public");
    const aliceItems = (await storedRows(h.database, "alice")).length;
    const aliceChanges = await count("select count(*) as n from vss.iso_image_changes where scope = 'alice'");
    expect(aliceItems).toBeGreaterThan(0);

    expect(await removeScope(h.database, "alice")).toEqual({
      scope: "alice",
      items: aliceItems,
      changes: aliceChanges,
      runs: 2,
    });
    expect(await storedRows(h.database, "alice")).toEqual([]);
    expect(await count("select count(*) as n from vss.iso_image_changes where scope = 'alice'")).toBe(0);
    expect(await count("select count(*) as n from vss.sync_runs where scope = 'alice'")).toBe(0);
    expect(
      await count("select count(*) as n from pg_class where relname = vss.iso_rows_partition('alice')"),
    ).toBe(0);
    expect(await storedRows(h.database, "public")).toEqual(publicRows);
    expect(await storedScopes(h.database)).toEqual(["public"]);

    // Re-mirrored: every item is new again.
    expect(await sync("alice")).toMatchObject({ inserted: aliceItems, updated: 0, deleted: 0 });
  });

  it("of a scope that holds nothing removes nothing", async () => {
    await sync("public");
    expect(await removeScope(h.database, "nobody")).toEqual({
      scope: "nobody",
      items: 0,
      changes: 0,
      runs: 0,
    });
    expect((await storedRows(h.database, "public")).length).toBe(120);
  });

  it.skipIf(BACKEND === "pglite")(
    "refuses while a run of the scope holds its lock, changing nothing",
    async () => {
      await sync("alice");
      const before = await storedRows(h.database, "alice");
      // Another process's run: a session of its own holding the scope's lock.
      const other = connectDatabase({ url: h.databaseUrl!, max: 1 });
      try {
        await other.withConnection(async (connection) => {
          expect(await tryLockScope(connection.db, "alice")).toBe(true);
          await expect(removeScope(h.database, "alice")).rejects.toBeInstanceOf(SyncLockedError);
        });
      } finally {
        await other.close();
      }
      expect(await storedRows(h.database, "alice")).toEqual(before);
    },
  );
});

describe("pruneHistory", () => {
  it("deletes the history older than the duration, says how much, and keeps the rest", async () => {
    await sync("public");
    await h.sim.control.setFaults([]);
    const total = await count("select count(*) as n from vss.iso_image_changes");
    expect(total).toBe(120);
    // Age 50 of the 120 changes by 100 days, 30 more by 10 days.
    await h.database.query(
      "update vss.iso_image_changes set at = at - interval '100 days' where id in (select id from vss.iso_image_changes order by id limit 50)",
    );
    await h.database.query(
      "update vss.iso_image_changes set at = at - interval '10 days' where id in (select id from vss.iso_image_changes where at > now() - interval '1 day' order by id limit 30)",
    );

    const pruned = await pruneHistory(h.database, "90d");
    expect(pruned.removed).toBe(50);
    expect(Date.now() - pruned.cutoff.getTime()).toBeGreaterThan(89 * 86_400_000);
    expect(await count("select count(*) as n from vss.iso_image_changes")).toBe(70);
    expect((await pruneHistory(h.database, "1 week")).removed).toBe(30);
    expect((await pruneHistory(h.database, "1 week")).removed).toBe(0);
    expect(await count("select count(*) as n from vss.iso_image_changes")).toBe(40);
    // The items themselves are untouched.
    expect((await storedRows(h.database, "public")).length).toBe(120);
  });

  it("refuses a duration that is not one, or is not positive, and deletes nothing", async () => {
    await sync("public");
    await h.database.query("update vss.iso_image_changes set at = at - interval '400 days'");
    for (const bad of ["ninety days", "", "0", "0d", "-5d", "90", "1 fortnight", "3 days'; drop table x"]) {
      await expect(pruneHistory(h.database, bad), bad).rejects.toBeInstanceOf(InvalidDurationError);
    }
    await expect(pruneHistory(h.database, "soon")).rejects.toThrow(
      /^--older-than: "soon" is not a positive duration \(e\.g\. 90d, 12h/,
    );
    expect(await count("select count(*) as n from vss.iso_image_changes")).toBe(120);
  });
});
