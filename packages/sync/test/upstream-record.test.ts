// A mirror knows which upstream it mirrors: the first sync records it, a sync from another upstream is
// refused and changes nothing, --reset-upstream re-points it, and the demo never takes over real data.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_UPSTREAM, isPermanentFailure, runSync, UpstreamMismatchError } from "../src/index.js";
import { emptyMirror, type Harness, rowVersions, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ items: 300 });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.sim.control.reset();
  await emptyMirror(h.database);
  await h.database.query("delete from vss.mirror_upstream");
});

const REAL = "https://cloud-api.eis.utoronto.ca";
const sync = (upstream: string, resetUpstream = false) =>
  runSync({
    database: h.database,
    client: h.client(),
    scope: "public",
    trigger: "cli",
    upstream,
    resetUpstream,
  });
const recorded = async () =>
  (await h.database.query<{ upstream: string }>("select upstream from vss.mirror_upstream"))[0]?.upstream;
const runs = async () => (await h.database.query("select id from vss.sync_runs")).length;

describe("the upstream a mirror records", () => {
  it("is recorded by the first sync, and the same upstream syncs again", async () => {
    await sync(REAL);
    expect(await recorded()).toBe(REAL);
    expect((await sync(REAL)).status).toBe("succeeded");
  });

  it("refuses another upstream, naming both, changing nothing and recording no run", async () => {
    await sync(REAL);
    const versions = await rowVersions(h.database);
    const before = await runs();
    const other = "https://vss-api.example.org";
    const attempt = sync(other);
    await expect(attempt).rejects.toBeInstanceOf(UpstreamMismatchError);
    await expect(sync(other)).rejects.toThrow(
      `this database mirrors ${REAL}, not ${other}: check VSS_API_URL, or run the sync once with --reset-upstream`,
    );
    expect(isPermanentFailure(await attempt.catch((error: unknown) => error))).toBe(true);
    expect(await rowVersions(h.database)).toEqual(versions);
    expect(await runs()).toBe(before);
    expect(await recorded()).toBe(REAL);
  });

  it("is re-pointed by resetUpstream, keeping the rows the new upstream still lists", async () => {
    await sync(REAL);
    const renamedHost = "https://cloud-api.example.org";
    const result = await sync(renamedHost, true);
    expect(result).toMatchObject({ status: "succeeded", inserted: 0, deleted: 0, unchanged: 300 });
    expect(await recorded()).toBe(renamedHost);
  });

  it("never lets the demo take over a real mirror, reset or not", async () => {
    await sync(REAL);
    await expect(sync(DEMO_UPSTREAM)).rejects.toThrow(
      /mirrors https:\/\/cloud-api.*not the built-in demo upstream/,
    );
    await expect(sync(DEMO_UPSTREAM, true)).rejects.toBeInstanceOf(UpstreamMismatchError);
    expect(await recorded()).toBe(REAL);
  });

  it("on a database mirrored before upstreams were recorded: a real upstream takes it, the demo does not", async () => {
    await sync(REAL);
    await h.database.query("delete from vss.mirror_upstream");
    await expect(sync(DEMO_UPSTREAM)).rejects.toThrow(/data of an upstream it did not record/);
    expect(await recorded()).toBeUndefined();
    expect((await sync(REAL)).status).toBe("succeeded");
    expect(await recorded()).toBe(REAL);
  });

  it("lets the demo sync a database of its own", async () => {
    await sync(DEMO_UPSTREAM);
    expect((await sync(DEMO_UPSTREAM)).status).toBe("succeeded");
    expect(await recorded()).toBe(DEMO_UPSTREAM);
  });
});
