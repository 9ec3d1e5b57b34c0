// An upstream that cannot filter or sort by id answers the keyset walk's first requests with a 400; the
// run then walks page=1..N, which can miss a live item when the listing shifts under it. So every
// would-be deletion is confirmed upstream before it is applied: GET /v2/iso/<id> for a public item, a
// second complete listing for a personal one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IncompleteListingError, runSync } from "../src/index.js";
import {
  changesOf,
  emptyMirror,
  type Harness,
  rowVersions,
  runRow,
  startHarness,
  storedRows,
} from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ items: 600, keyset: "refuse" });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.sim.control.reset();
  await emptyMirror(h.database);
});

const sync = (scope = "public", options: { perPage?: number } = {}) =>
  runSync({
    upstream: h.sim.url,
    database: h.database,
    client: h.client(scope === "public" ? "alice" : scope),
    scope,
    trigger: "manual",
    concurrency: 1,
    personalSync: { pollIntervalMs: 5, timeoutMs: 5_000 },
    ...options,
  });

const liveIds = async (scope = "public") =>
  new Set(
    (await storedRows(h.database, scope))
      .filter((row) => row.deleted_at === null)
      .map((row) => Number(row.vss_id)),
  );

/** Holds the page walk's pages 2 and 3 of `path` back, so changes land between pages. */
// Pages 2 and 3 are answered a second after they are asked for, and computed then: long enough for a
// test's changes to the upstream to land in between, however loaded the machine.
const holdLaterPages = (path: string) =>
  h.sim.control.setFaults(
    [2, 3].map((page) => ({ kind: "latency" as const, delayMs: 1000, match: { method: "GET", path, page } })),
  );
const pagesHeld = async () => (await h.sim.control.stats()).faultsApplied["latency"] ?? 0;
/** Resolves once pages 2 and 3 are asked for (and held): page 1 has been answered by then. */
async function untilLaterPagesHeld(before: number): Promise<void> {
  for (const started = Date.now(); (await pagesHeld()) < before + 2;) {
    if (Date.now() - started > 10_000) throw new Error("the walk never asked for pages 2 and 3");
    await pause(10);
  }
}
const itemLookups = async () => (await h.sim.control.stats()).byRoute["GET /v2/iso/:id"] ?? 0;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the page walk, for an upstream that refuses to walk by id", () => {
  it("is used when the first keyset request gets a 400, and says so in sync_runs.walk", async () => {
    const result = await sync();
    expect(result).toMatchObject({ walk: "pages", inserted: 600, pages: 3 });
    expect(await runRow(h.database, result.runId)).toMatchObject({ walk: "pages", upstream_total: 600 });
    expect((await liveIds()).size).toBe(600);
  });

  it("keeps a live item the shifted pages skipped, and deletes only what GET /v2/iso/<id> says is gone", async () => {
    await sync();
    await holdLaterPages("/v2/iso");
    const lookupsBefore = await itemLookups();
    const heldBefore = await pagesHeld();
    const running = sync();
    await untilLaterPagesHeld(heldBefore);
    // Page 1 is served; page 2 is not yet. One item of page 1 goes and one comes at the end: the total
    // stays 600, and item 251 slides onto page 1, where the walk has already been.
    await h.sim.control.deleteItem(10);
    const added = await h.sim.control.addItem({ name: "late.iso" });
    const result = await running;
    expect(result.walk).toBe("pages");
    // Item 10 was seen on page 1 before it went; item 251 was missed, and the upstream was asked.
    expect((await itemLookups()) - lookupsBefore).toBe(1);
    expect(result.deleted).toBe(0);
    expect((await liveIds()).has(251)).toBe(true);
    expect((await changesOf(h.database, result.runId)).filter((c) => c.change === "deleted")).toEqual([]);
    // The next walk misses item 10, and the upstream says it is gone: that one is deleted.
    await h.sim.control.clearFaults();
    const next = await sync();
    expect(next.deleted).toBe(1);
    expect((await itemLookups()) - lookupsBefore).toBe(2);
    const history = await changesOf(h.database, next.runId);
    expect(history.filter((c) => c.change === "deleted").map((c) => c.vss_id)).toEqual([10]);
    expect(await liveIds()).toEqual(new Set((await h.sim.control.items()).map((item) => item.id)));
    expect((await liveIds()).has(added.id)).toBe(true);
  });

  it("fails the run, keeping nothing, when an item comes twice", async () => {
    await h.sim.control.deleteItem(3);
    await sync();
    const versions = await rowVersions(h.database);
    await holdLaterPages("/v2/iso");
    const heldBefore = await pagesHeld();
    const running = sync();
    await untilLaterPagesHeld(heldBefore);
    // An item comes back on page 1 and one goes from page 3: the total holds, and page 1's last item
    // slides onto page 2, which lists it a second time.
    await h.sim.control.addItem({ id: 3, name: "back.iso" });
    await h.sim.control.deleteItem(590);
    await expect(running).rejects.toThrow(IncompleteListingError);
    await expect(running).rejects.toThrow(/appeared twice/);
    expect(await rowVersions(h.database)).toEqual(versions);
  });

  it("confirms a personal store's would-be deletions with a second complete listing", async () => {
    const files = Array.from({ length: 30 }, (_, i) => ({ name: `alice-${String(i).padStart(2, "0")}.iso` }));
    await h.sim.control.setFiles("alice", files);
    await sync("alice", { perPage: 10 });
    const listed = await h.sim.control.items("alice");
    await holdLaterPages("/v2/user/image/iso");
    const heldBefore = await pagesHeld();
    const running = sync("alice", { perPage: 10 });
    await untilLaterPagesHeld(heldBefore);
    // As above, in the personal store: the first item of page 2 slides onto page 1.
    await h.sim.control.deleteItem(listed[0]!.id);
    await h.sim.control.addItem({ name: "alice-late.iso" }, "alice");
    const result = await running;
    expect(result.walk).toBe("pages");
    // The first item was seen before it went; the one that slid onto page 1 was missed by the walk
    // and found by the second listing.
    expect(result.deleted).toBe(0);
    expect((await liveIds("alice")).has(listed[10]!.id)).toBe(true);
    // A quiet sync later (its PATCH makes the listing the file store again) leaves the mirror equal to it.
    await h.sim.control.clearFaults();
    await sync("alice", { perPage: 10 });
    expect(await liveIds("alice")).toEqual(
      new Set((await h.sim.control.items("alice")).map((item) => item.id)),
    );
  });
});
