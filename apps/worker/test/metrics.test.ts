// GET /metrics: Prometheus text with the worker's runs, items, upstream requests, retries and queue
// depth, moved by real jobs against the simulator, plus the default process metrics.
import { enqueueSync } from "@vss-mirror/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../src/index.js";
import { type Harness, silentLogger, startHarness } from "./harness.js";
import { scrape as scrapeMetrics, valueOf } from "./scrape-metrics.js";

let h: Harness;
let worker: RunningWorker;
beforeAll(async () => {
  h = await startHarness({ accounts: [{ username: "bob", password: "not-bobs-password", otp: "123456" }] });
  worker = await startWorker({ config: h.config(), logger: silentLogger(), prefix: h.prefix });
});
afterAll(async () => {
  await worker?.close();
  await h?.close();
});

const scrape = () => scrapeMetrics(worker.healthUrl);

const finished = (id: string) =>
  expect
    .poll(() => h.queue.getJobState(id), { timeout: 20_000, interval: 50 })
    .toMatch(/^(completed|failed)$/);

describe("metrics endpoint", () => {
  it("counts runs, items, upstream requests, retries and queue depth with their labels", async () => {
    // One 503 on the listing: the client retries it once.
    await h.sim.control.setFaults([{ kind: "status", status: 503, match: { path: "/v2/iso" }, times: 1 }]);
    const ok = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
    await finished(ok.id!);
    await h.sim.control.clearFaults();
    // Wrong password: a run that starts and fails for good.
    const bad = await enqueueSync(h.queue, { scope: "bob", trigger: "manual" });
    await finished(bad.id!);
    // Held back a minute: stays delayed while we scrape.
    await enqueueSync(h.queue, { scope: "public", trigger: "manual" }, undefined, { delay: 60_000 });

    const { contentType, samples } = await scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const public_ = { scope: "public" };
    expect(valueOf(samples, "vss_mirror_sync_runs_total", { ...public_, outcome: "succeeded" })).toBe(1);
    expect(valueOf(samples, "vss_mirror_sync_runs_total", { scope: "bob", outcome: "failed" })).toBe(1);
    expect(valueOf(samples, "vss_mirror_sync_runs_total", { ...public_, outcome: "failed" })).toBeUndefined();
    expect(
      valueOf(samples, "vss_mirror_sync_run_duration_seconds_count", { ...public_, outcome: "succeeded" }),
    ).toBe(1);
    expect(
      valueOf(samples, "vss_mirror_sync_run_duration_seconds_sum", { ...public_, outcome: "succeeded" }),
    ).toBeGreaterThan(0);
    expect(valueOf(samples, "vss_mirror_sync_items_seen_total", public_)).toBe(224);
    expect(valueOf(samples, "vss_mirror_sync_items_inserted_total", public_)).toBe(224);
    expect(valueOf(samples, "vss_mirror_sync_items_updated_total", public_)).toBe(0);
    expect(valueOf(samples, "vss_mirror_sync_items_deleted_total", public_)).toBe(0);

    // Token requests (alice's, bob's refused one), a listing request's 503 and its successful retry: the
    // 224 items are the walk's first page, and beside it goes the probe of the largest id.
    expect(valueOf(samples, "vss_mirror_upstream_requests_total", { method: "POST", status: "200" })).toBe(1);
    expect(valueOf(samples, "vss_mirror_upstream_requests_total", { method: "POST", status: "401" })).toBe(1);
    expect(valueOf(samples, "vss_mirror_upstream_requests_total", { method: "GET", status: "503" })).toBe(1);
    expect(valueOf(samples, "vss_mirror_upstream_requests_total", { method: "GET", status: "200" })).toBe(2);
    expect(valueOf(samples, "vss_mirror_upstream_retries_total")).toBe(1);

    expect(valueOf(samples, "vss_mirror_queue_jobs", { state: "delayed" })).toBe(1);
    expect(valueOf(samples, "vss_mirror_queue_jobs", { state: "failed" })).toBe(1);
    expect(valueOf(samples, "vss_mirror_queue_jobs", { state: "waiting" })).toBe(0);
    expect(valueOf(samples, "vss_mirror_queue_jobs", { state: "active" })).toBe(0);

    // Default process metrics.
    expect(valueOf(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(valueOf(samples, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });
});
