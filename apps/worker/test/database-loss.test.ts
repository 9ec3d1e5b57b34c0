// A worker whose run loses its database connection (its backend terminated mid-run): the job's
// attempt fails with the reason and is retried, the run is recorded failed with that reason, nothing
// of it is kept, and the same worker process goes on serving other jobs.
import { enqueueSync } from "@vss-mirror/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/index.js";
import { type Harness, silentLogger, startHarness, syncRuns } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sim: { items: 1_000 } });
});
afterAll(() => h?.close());

describe("a run that loses its database", () => {
  it("fails its attempt with the reason, is retried, and the worker keeps serving jobs", async () => {
    // Every listing request held back, so the run is mid-walk, inside its transaction, for a while.
    await h.sim.control.setFaults([{ kind: "latency", delayMs: 150, match: { path: "/v2/iso" }, times: 12 }]);
    const worker = await startWorker({
      config: h.config({ SYNC_CONCURRENCY: "1" }),
      logger: silentLogger(),
      prefix: h.prefix,
    });
    try {
      const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" }, undefined, {
        attempts: 3,
        backoff: { type: "fixed", delay: 200 },
      });
      await expect
        .poll(async () => (await syncRuns(h.database)).some((run) => run.status === "running"), {
          timeout: 10_000,
        })
        .toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const killed = await h.database.query<{ ok: boolean }>(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`,
      );
      expect(killed).toEqual([{ ok: true }]);

      await expect
        .poll(() => h.queue.getJobState(job.id!), { timeout: 30_000, interval: 100 })
        .toBe("completed");
      const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
      expect(runs.map((run) => run.status)).toEqual(["failed", "succeeded"]);
      expect(runs[0]?.error).toMatch(/^DatabaseUnavailableError: the database connection was lost/);

      // The same process serves the next job.
      const next = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
      await expect
        .poll(() => h.queue.getJobState(next.id!), { timeout: 20_000, interval: 100 })
        .toBe("completed");
    } finally {
      await h.sim.control.clearFaults();
      await worker.close();
    }
  });
});
