// The database going away in the middle of a run, for real: the run's own backend terminated with
// pg_terminate_backend, and the server cut off altogether (every connection through a TCP proxy closed,
// new ones refused) until it comes back. The run fails saying so, keeps nothing, and is recorded
// failed, with that reason, as soon as the database answers again. (PostgreSQL only: PGlite is in the
// process and cannot go away.)
import { connectDatabase, type DatabaseHandle } from "@vss-mirror/db";
import { startTcpProxy, type TcpProxy } from "@vss-mirror/test-services";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DatabaseUnavailableError, runSync } from "../src/index.js";
import { BACKEND, emptyMirror, type Harness, rowVersions, startHarness } from "./harness.js";

describe.skipIf(BACKEND === "pglite")("a run that loses its database", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ items: 1_000 });
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    await h.sim.control.reset();
    await emptyMirror(h.database);
  });

  const sync = (database: DatabaseHandle) =>
    runSync({
      upstream: h.sim.url,
      database,
      client: h.client(),
      scope: "public",
      trigger: "cli",
      perPage: 50,
      concurrency: 2,
    });
  const lastRun = async () =>
    (
      await h.database.query<{ status: string; error: string | null }>(
        "select status, error from vss.sync_runs order by id desc limit 1",
      )
    )[0];
  const slowWalk = () =>
    h.sim.control.setFaults([{ kind: "latency", delayMs: 60, match: { path: "/v2/iso" } }]);

  it("fails with the reason when its backend is terminated, keeps nothing, and is recorded failed", async () => {
    await sync(h.database);
    const versions = await rowVersions(h.database);
    await h.sim.control.updateItem(5, { name: "never-stored.iso" });
    await slowWalk();
    const running = sync(h.database);
    running.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The run's session is the one inside a transaction.
    const killed = await h.database.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`,
    );
    expect(killed).toEqual([{ ok: true }]);
    await expect(running).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(running).rejects.toThrow(/database connection was lost/);
    expect(await lastRun()).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/connection was lost/),
    });
    expect(await rowVersions(h.database)).toEqual(versions);
    await h.sim.control.clearFaults();
    expect((await sync(h.database)).status).toBe("succeeded");
  });

  describe("through a proxy that cuts the database off", () => {
    let proxy: TcpProxy;
    let throughProxy: DatabaseHandle;
    beforeAll(async () => {
      proxy = await startTcpProxy(h.databaseUrl!);
      throughProxy = connectDatabase({ url: proxy.url, max: 3 });
    });
    afterAll(async () => {
      await throughProxy?.close();
      await proxy?.close();
    });

    it("records the failure once the database answers again, and the next run succeeds", async () => {
      await sync(throughProxy);
      const versions = await rowVersions(h.database);
      await h.sim.control.deleteItem(7);
      await slowWalk();
      const running = runSync({
        upstream: h.sim.url,
        database: throughProxy,
        client: h.client(),
        scope: "public",
        trigger: "cli",
        perPage: 50,
        concurrency: 2,
        recordFailureWaitMs: 200,
      });
      running.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      await proxy.cut();
      await expect(running).rejects.toBeInstanceOf(DatabaseUnavailableError);
      // Still unreachable: the run is not recorded yet; nothing of it was kept.
      expect(await lastRun()).toMatchObject({ status: "running" });
      expect(await rowVersions(h.database)).toEqual(versions);
      await proxy.restore();
      await expect.poll(lastRun, { timeout: 10_000, interval: 200 }).toMatchObject({
        status: "failed",
        error: expect.stringMatching(/DatabaseUnavailableError: .*(lost|reset)/),
      });
      await h.sim.control.clearFaults();
      const next = await sync(throughProxy);
      expect(next).toMatchObject({ status: "succeeded", deleted: 1 });
    });
  });
});
