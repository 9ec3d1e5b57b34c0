// The bull-board dashboard on the worker's HTTP server: the page, and its API listing the sync queue.
import { enqueueSync, SYNC_QUEUE } from "@vss-mirror/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../src/index.js";
import { type Harness, silentLogger, startHarness } from "./harness.js";

let h: Harness;
let worker: RunningWorker;
beforeAll(async () => {
  h = await startHarness();
  worker = await startWorker({ config: h.config(), logger: silentLogger(), prefix: h.prefix });
});
afterAll(async () => {
  await worker?.close();
  await h?.close();
});

describe("dashboard", () => {
  it("serves the bull-board page at /admin/queues", async () => {
    const response = await fetch(`${worker.healthUrl}/admin/queues`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<html[\s\S]*vss-mirror/i);
  });

  it("lists the sync queue, read-only, with its jobs through its API", async () => {
    const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
    await expect
      .poll(() => h.queue.getJobState(job.id!), { timeout: 20_000, interval: 50 })
      .toBe("completed");
    const response = await fetch(
      `${worker.healthUrl}/admin/queues/api/queues?activeQueue=${SYNC_QUEUE}&status=completed`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      queues: {
        name: string;
        readOnlyMode: boolean;
        counts: Record<string, number>;
        jobs: { id: string }[];
      }[];
    };
    expect(body.queues.map((queue) => queue.name)).toEqual([SYNC_QUEUE]);
    const [queue] = body.queues;
    expect(queue!.readOnlyMode).toBe(true);
    expect(queue!.counts.completed).toBe(1);
    expect(queue!.jobs.map((listed) => listed.id)).toEqual([job.id]);
  });
});
