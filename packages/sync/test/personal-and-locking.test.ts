// Personal stores (PATCH-sync, wait, list) for two accounts, against both shapes of the personal
// listing (the paged envelope, and the seed page's: item objects with meta {count, time, user} and no
// pages), and one run per scope at a time.
import type { PersonalShape } from "@vss-mirror/simulator";
import { VssImageSyncFailedError } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isPermanentFailure, recentRuns, runSync, SyncLockedError } from "../src/index.js";
import { BACKEND, emptyMirror, type Harness, startHarness, storedRows } from "./harness.js";

let h: Harness;
/** A harness per describe block: each starts its own simulator (and database) with its options. */
function useHarness(personalShape: PersonalShape = "paged") {
  beforeAll(async () => {
    h = await startHarness({ items: 300, personalShape });
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    await h.sim.control.reset();
    await emptyMirror(h.database);
  });
}

const personal = (username: string) =>
  runSync({
    upstream: h.sim.url,
    database: h.database,
    client: h.client(username),
    scope: username,
    trigger: "schedule",
    personalSync: { pollIntervalMs: 5, timeoutMs: 5_000 },
  });

describe.each(["paged", "seed"] as const)("personal stores, %s listing", (shape) => {
  useHarness(shape);

  it("two accounts sync; the one whose request ends ERROR fails and keeps its earlier rows", async () => {
    await h.sim.control.setFiles("bob", [{ name: "bob-first.iso" }]);
    expect(await personal("bob")).toMatchObject({ inserted: 1 });
    const bobBefore = await storedRows(h.database, "bob");

    await h.sim.control.setFiles("bob", [{ name: "bob-second.iso" }]);
    await h.sim.control.setSyncOutcome("bob", "ERROR");
    const [alice, bob] = await Promise.allSettled([personal("alice"), personal("bob")]);

    // alice's file store has three files: after PROCESSED the listing is exactly those.
    expect(alice).toMatchObject({ status: "fulfilled", value: { scope: "alice", inserted: 3, deleted: 0 } });
    const aliceRows = await storedRows(h.database, "alice");
    expect(aliceRows.map((row) => row.name).sort()).toEqual(
      (await h.sim.control.items("alice")).map((item) => item.name).sort(),
    );
    expect(aliceRows.every((row) => !row.is_public && row.data_store === "vssUser-xfers")).toBe(true);
    expect(aliceRows.every((row) => row.path.startsWith("[vssUser-xfers] alice/"))).toBe(true);

    expect(bob.status).toBe("rejected");
    const reason = (bob as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(VssImageSyncFailedError);
    expect(isPermanentFailure(reason)).toBe(true);
    expect(await storedRows(h.database, "bob")).toEqual(bobBefore);

    const runs = await recentRuns(h.database, { limit: 1 });
    expect(runs.map((run) => [run.scope, run.status])).toEqual([
      ["alice", "succeeded"],
      ["bob", "failed"],
    ]);
    expect(runs[1]?.error).toMatch(/ERROR/);
  });

  it("a store larger than a page is mirrored whole", async () => {
    const files = Array.from({ length: 600 }, (_, i) => ({ name: `big-${i}.iso` }));
    await h.sim.control.setFiles("alice", files);
    const result = await personal("alice");
    expect(result).toMatchObject({ status: "succeeded", inserted: 600, deleted: 0 });
    // The seed's shape has no pages: its one answer is the whole listing. The paged one is walked by id.
    if (shape === "seed") expect(result.pages).toBe(1);
    else expect(result.pages).toBeGreaterThan(2);
    const names = (await storedRows(h.database, "alice")).map((row) => row.name).sort();
    expect(names).toEqual(files.map((file) => file.name).sort());
  });

  it("personal rows never touch the public scope", async () => {
    await runSync({
      upstream: h.sim.url,
      database: h.database,
      client: h.client(),
      scope: "public",
      trigger: "cli",
    });
    await personal("alice");
    const rows = await h.database.query(
      "select scope, count(*)::int as n from vss.iso_images group by scope order by scope",
    );
    expect(rows).toEqual([
      { scope: "alice", n: 3 },
      { scope: "public", n: 300 },
    ]);
  });
});

describe("one run per scope at a time", () => {
  useHarness();

  // Postgres only: the refusal needs a second session. PGlite is one session, where runs take turns
  // (withConnection queues them) instead of meeting the lock.
  it.skipIf(BACKEND === "pglite")(
    "a second run of a busy scope is refused without a trace; another scope runs alongside",
    async () => {
      // Every public listing request is held back: public's run lasts well past alice's whole run.
      await h.sim.control.setFaults([{ kind: "latency", delayMs: 400, match: { path: "/v2/iso" } }]);
      const first = runSync({
        upstream: h.sim.url,
        database: h.database,
        client: h.client(),
        scope: "public",
        trigger: "schedule",
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await expect(
        runSync({
          upstream: h.sim.url,
          database: h.database,
          client: h.client(),
          scope: "public",
          trigger: "manual",
        }),
      ).rejects.toBeInstanceOf(SyncLockedError);
      const other = await personal("alice");
      expect(other.status).toBe("succeeded");
      expect(await first).toMatchObject({ status: "succeeded", inserted: 300 });
      const rows = await h.database.query("select scope, status, trigger from vss.sync_runs order by id");
      expect(rows).toEqual([
        { scope: "public", status: "succeeded", trigger: "schedule" },
        { scope: "alice", status: "succeeded", trigger: "schedule" },
      ]);
      // public started first but committed last: the commit sequence follows commits, not starts or
      // history ids, which is what a change-feed cursor needs.
      const order = await h.database.query<{ scope: string; commit_seq: string }>(
        "select scope, commit_seq from vss.sync_runs order by commit_seq",
      );
      expect(order.map((run) => run.scope)).toEqual(["alice", "public"]);
    },
  );

  it("a run left running by a dead process is marked failed by the next run of its scope", async () => {
    await h.database.query("insert into vss.sync_runs (scope, trigger) values ('public', 'schedule')");
    await runSync({
      upstream: h.sim.url,
      database: h.database,
      client: h.client(),
      scope: "public",
      trigger: "cli",
    });
    const rows = await h.database.query("select status, error from vss.sync_runs order by id");
    expect(rows[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/^abandoned/) });
    expect(rows[1]).toMatchObject({ status: "succeeded" });
  });
});
