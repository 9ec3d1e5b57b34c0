// Runs while the upstream changes under the walk: items deleted, added and renamed between requests, by
// the simulator's churn (a seeded change after every Nth request, or one every 100 ms). Whatever happens
// meanwhile, a run succeeds, and every item that existed for the whole run is in the mirror, live.
import type { ChurnOptions } from "@vss-mirror/simulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSync, type SyncRunResult } from "../src/index.js";
import { emptyMirror, type Harness, startHarness, storedRows } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ items: 1_500 });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.sim.control.reset();
  await emptyMirror(h.database);
});

// Small pages and few ranges: dozens of requests per run, so changes land between many of them.
const sync = () =>
  runSync({
    upstream: h.sim.url,
    database: h.database,
    client: h.client(),
    scope: "public",
    trigger: "cli",
    perPage: 40,
    concurrency: 3,
  });

const upstreamIds = async () => new Set((await h.sim.control.items()).map((item) => item.id));

/** Runs a sync under `churn` and checks it against the upstream before and after it. */
async function syncUnderChurn(churn: ChurnOptions): Promise<{ result: SyncRunResult; changes: number }> {
  const before = await upstreamIds();
  await h.sim.control.setChurn(churn);
  const result = await sync();
  const log = await h.sim.control.stopChurn();
  const after = await upstreamIds();
  // Ids are never reused, so an id upstream both before and after the run was there all along.
  const throughout = [...before].filter((id) => after.has(id));
  const rows = await storedRows(h.database);
  const live = new Set(rows.filter((row) => row.deleted_at === null).map((row) => Number(row.vss_id)));
  expect(throughout.filter((id) => !live.has(id))).toEqual([]);
  const falselyDeleted = await h.database.query(
    `select vss_id from vss.iso_image_changes where run_id = $1 and change = 'deleted' and vss_id = any($2::bigint[])`,
    [result.runId, throughout],
  );
  expect(falselyDeleted).toEqual([]);
  return { result, changes: log.changes.length };
}

/** A quiet resync afterwards makes the mirror the upstream, exactly: same live ids, same names. */
async function expectQuietResyncEqualsUpstream(): Promise<void> {
  await sync();
  const upstream = await h.sim.control.items();
  const live = (await storedRows(h.database)).filter((row) => row.deleted_at === null);
  expect(live.map((row) => [Number(row.vss_id), row.name, row.path])).toEqual(
    upstream.map((item) => [item.id, item.name, item.path]),
  );
}

describe("a walk while the upstream changes", () => {
  const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

  it.each(SEEDS)("seed %i: changes between requests lose nothing that existed throughout", async (seed) => {
    await sync(); // the mirror starts as the upstream, so a false deletion would show
    const { result, changes } = await syncUnderChurn({ everyRequests: 2, perChange: 3, seed });
    expect(result.status).toBe("succeeded");
    expect(result.walk).toBe("keyset");
    expect(changes).toBeGreaterThan(20);
    await expectQuietResyncEqualsUpstream();
  });

  it("a first sync under changes is also complete for what existed throughout", async () => {
    const { changes } = await syncUnderChurn({ everyRequests: 1, seed: 99 });
    expect(changes).toBeGreaterThan(20);
    await expectQuietResyncEqualsUpstream();
  });

  it("steady churn (a change every 100 ms for the whole run): every run succeeds", async () => {
    await sync();
    // Every request held back 80 ms: a run lasts about a second, across ten or so changes.
    await h.sim.control.setFaults([{ kind: "latency", delayMs: 80, match: { path: "/v2/iso" } }]);
    let changes = 0;
    for (let run = 0; run < 4; run++) {
      const outcome = await syncUnderChurn({ intervalMs: 100, seed: 1_000 + run });
      expect(outcome.result.status).toBe("succeeded");
      changes += outcome.changes;
    }
    expect(changes).toBeGreaterThanOrEqual(4 * 8);
    await h.sim.control.clearFaults();
    await expectQuietResyncEqualsUpstream();
  });
});
