// Webhooks end to end with real Redis, Postgres, syncs and an HTTP receiver: batches arrive signed by
// the Standard Webhooks convention (the receiver verifies with that library) and in order; a receiver
// that fails (500, or nothing listening) and then recovers gets every change exactly once after
// deduplicating by webhook-id; a new subscriber starts at the feed's end unless it asks for the
// beginning; a worker restart loses nothing; /metrics counts deliveries and lag; no secret is logged.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { decodeCursor, feedEnd, START_CURSOR, webhookCursor } from "@vss-mirror/feed";
import { enqueueSync } from "@vss-mirror/queue";
import { runSync } from "@vss-mirror/sync";
import { VssClient } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../src/index.js";
import { createLogger } from "../src/logger.js";
import { type Harness, startHarness } from "./harness.js";
import { scrape, valueOf } from "./scrape-metrics.js";
import { closedPort, newSecret, type Receiver, startReceiver } from "./webhook-receiver.js";

let h: Harness;
let dir: string;
const logLines: string[] = [];
const logger = createLogger(
  "debug",
  "worker",
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString("utf8"));
      done();
    },
  }),
);
const secrets: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), "vss-webhooks-test-"));
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Hook {
  id: string;
  url: string;
  secret: string;
  from?: "end" | "beginning";
}

/** A worker delivering to `hooks`, with short backoff and a short dispatch interval. */
function workerFor(...hooks: Hook[]): Promise<RunningWorker> {
  secrets.push(...hooks.map((hook) => hook.secret));
  const file = join(dir, `${hooks.map((hook) => hook.id).join("+")}.json`);
  writeFileSync(file, JSON.stringify(hooks));
  const config = h.config({
    WEBHOOKS_FILE: file,
    WEBHOOK_BATCH_SIZE: "50",
    WEBHOOK_ATTEMPTS: "3",
    WEBHOOK_BACKOFF_MS: "50",
    WEBHOOK_DISPATCH_INTERVAL_MS: "300",
    WEBHOOK_TIMEOUT_MS: "2000",
  });
  return startWorker({ config, logger, prefix: h.prefix, lockedRetryDelayMs: 200 });
}

/** Webhook samples of `subscriber` on the worker's /metrics, read over HTTP. */
async function hookMetrics(worker: RunningWorker, subscriber: string) {
  const { samples } = await scrape(worker.healthUrl);
  const value = (name: string, labels: Record<string, string> = {}) =>
    valueOf(samples, `vss_mirror_webhook_${name}`, { subscriber, ...labels });
  return {
    delivered: value("deliveries_total", { outcome: "delivered" }),
    failed: value("deliveries_total", { outcome: "failed" }),
    changes: value("changes_delivered_total"),
    lagChanges: value("lag_changes"),
    lagSeconds: value("lag_seconds"),
  };
}

/** Every change id in commit order, straight from SQL. */
async function expectedIds(after = 0): Promise<number[]> {
  const rows = await h.database.query<{ id: string }>(
    `select c.id from vss.iso_image_changes c join vss.sync_runs r on r.id = c.run_id
      where r.status = 'succeeded' and c.id > $1 order by r.commit_seq, c.id`,
    [after],
  );
  return rows.map((row) => Number(row.id));
}

/** Change ids a deduplicating receiver processed, in order. */
const processedIds = (receiver: Receiver) =>
  receiver.processed().flatMap((p) => p.changes.map((c) => decodeCursor(c.cursor).changeId));

async function syncViaQueue(): Promise<void> {
  const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
  await expect.poll(() => h.queue.getJobState(job.id!), { timeout: 20_000, interval: 50 }).toBe("completed");
}

/** Waits until the receiver processed every change (after change id `after`), once each, in order. */
async function allDelivered(receiver: Receiver, after = 0) {
  const expected = await expectedIds(after);
  await expect
    .poll(() => processedIds(receiver).length, { timeout: 20_000, interval: 50 })
    .toBe(expected.length);
  expect(processedIds(receiver)).toEqual(expected);
  // A repeated delivery id always carried the same batch: dropping it lost nothing.
  const byId = new Map<string, string>();
  for (const d of receiver.deliveries) {
    const batch = JSON.stringify(d.payload.changes);
    expect(d.headerId).toBe(d.payload.deliveryId);
    expect(byId.get(d.payload.deliveryId) ?? batch).toBe(batch);
    byId.set(d.payload.deliveryId, batch);
  }
  // And a new batch always had a new id.
  const batches = new Set(receiver.deliveries.map((d) => JSON.stringify(d.payload.changes)));
  expect(byId.size).toBe(batches.size);
  return expected;
}

describe("webhooks", () => {
  it("delivers every change after a sync, signed, in order, batch after batch", async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    // No "from": it starts at the feed's end, which is the start of this empty mirror.
    const worker = await workerFor({ id: "first", url: receiver.url, secret });
    try {
      await syncViaQueue();
      const expected = await allDelivered(receiver);
      expect(expected.length).toBe(224);
      expect(receiver.deliveries.every((d) => d.signatureValid && d.status === 200)).toBe(true);
      expect(receiver.deliveries.every((d) => d.payload.subscriber === "first")).toBe(true);
      // Each batch its own id, and the timestamp of when it was sent.
      expect(new Set(receiver.deliveries.map((d) => d.headerId)).size).toBe(5);
      expect(receiver.deliveries.every((d) => Math.abs(d.timestamp - Date.now() / 1000) < 60)).toBe(true);
      expect(receiver.processed().map((p) => p.changes.length)).toEqual([50, 50, 50, 50, 24]);
      const last = receiver.processed().at(-1)!;
      expect(last.next).toBe(last.changes.at(-1)!.cursor);
      await expect.poll(() => webhookCursor(h.database, "first")).toBe(last.next);
      await expect
        .poll(() => hookMetrics(worker, "first"))
        .toEqual({
          delivered: 5,
          failed: 0,
          changes: 224,
          lagChanges: 0,
          lagSeconds: 0,
        });
    } finally {
      await worker.close();
      await receiver.close();
    }
  });

  it("a receiver answering 500 for a while gets every change exactly once after it recovers", async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    receiver.failing = true;
    const worker = await workerFor({ id: "flaky", url: receiver.url, secret, from: "beginning" });
    try {
      await h.sim.control.updateItem(5, { name: "five-renamed.iso" });
      await h.sim.control.deleteItem(6);
      await syncViaQueue();
      // Long enough to run out of the job's 3 attempts (50 ms, 100 ms backoff) several times over.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(receiver.deliveries.length).toBeGreaterThan(3);
      expect(await webhookCursor(h.database, "flaky")).toBe(START_CURSOR);
      // Scraped over HTTP while it fails: every POST counted as failed, the whole history behind.
      const failing = await hookMetrics(worker, "flaky");
      expect(failing.delivered).toBe(0);
      // (Counted once the answer is back, so never ahead of what the receiver saw.)
      expect(failing.failed).toBeGreaterThan(3);
      expect(failing.failed).toBeLessThanOrEqual(receiver.deliveries.length);
      expect(failing.changes).toBe(0);
      expect(failing.lagChanges).toBe(226);
      expect(failing.lagSeconds).toBeGreaterThan(1);
      receiver.failing = false;
      const expected = await allDelivered(receiver);
      expect(expected.length).toBe(226);
      const ok = receiver.deliveries.filter((d) => d.status === 200);
      await expect
        .poll(() => hookMetrics(worker, "flaky"))
        .toEqual({
          delivered: ok.length,
          failed: receiver.deliveries.length - ok.length,
          changes: ok.reduce((sum, d) => sum + d.payload.changes.length, 0),
          lagChanges: 0,
          lagSeconds: 0,
        });
      // The first batch was sent many times under one id, and processed once.
      const firstId = receiver.processed()[0]!.deliveryId;
      const firstSent = receiver.deliveries.filter((d) => d.payload.deliveryId === firstId);
      expect(firstSent.length).toBeGreaterThan(3);
      // Each attempt is signed afresh: over more than a second of retries, more than one timestamp.
      expect(new Set(firstSent.map((d) => d.timestamp)).size).toBeGreaterThan(1);
      expect(receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
    } finally {
      await worker.close();
      await receiver.close();
    }
  });

  it("a receiver that is down (nothing listening) gets everything once it comes up", async () => {
    const secret = newSecret();
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/hook`;
    const worker = await workerFor({ id: "down", url, secret, from: "beginning" });
    let receiver: Receiver | undefined;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await webhookCursor(h.database, "down")).toBe(START_CURSOR);
      const down = await hookMetrics(worker, "down");
      expect(down.failed).toBeGreaterThan(1);
      expect(down.delivered).toBe(0);
      expect(down.lagChanges).toBe((await expectedIds()).length);
      receiver = await startReceiver(secret, port);
      await allDelivered(receiver);
    } finally {
      await worker.close();
      await receiver?.close();
    }
  });

  it("a worker restarted mid-way loses nothing", async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    receiver.delayMs = 150;
    const hook: Hook = { id: "restart", url: receiver.url, secret, from: "beginning" };
    const first = await workerFor(hook);
    let second: RunningWorker | undefined;
    try {
      await expect
        .poll(() => receiver.processed().length, { timeout: 10_000, interval: 10 })
        .toBeGreaterThan(0);
      await first.close();
      const before = receiver.processed().length;
      expect(before).toBeLessThan(5);
      // Changes committed while no worker runs are delivered too.
      await h.sim.control.addItem({ name: "added-while-down.iso" });
      await runSync({
        database: h.database,
        client: new VssClient({ baseUrl: h.sim.url, username: "alice", password: "alice-password" }),
        scope: "public",
        trigger: "cli",
        upstream: h.sim.url,
      });
      receiver.delayMs = 0;
      second = await workerFor(hook);
      const expected = await allDelivered(receiver);
      expect(expected.length).toBe(227);
    } finally {
      await first.close();
      await second?.close();
      await receiver.close();
    }
  });

  it("starts a new subscriber at the feed's end unless it asks for the beginning", async () => {
    const [lateSecret, historySecret] = [newSecret(), newSecret()];
    const late = await startReceiver(lateSecret);
    const history = await startReceiver(historySecret);
    const end = await feedEnd(h.database);
    const before = decodeCursor(end).changeId;
    expect(before).toBeGreaterThan(0);
    const worker = await workerFor(
      { id: "late", url: late.url, secret: lateSecret },
      { id: "history", url: history.url, secret: historySecret, from: "beginning" },
    );
    try {
      // The subscriber asking for history gets all of it; the other one nothing of it, however long.
      await allDelivered(history);
      expect(await webhookCursor(h.database, "late")).toBe(end);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(late.deliveries).toEqual([]);
      expect((await hookMetrics(worker, "late")).lagChanges).toBe(0);

      // What commits from now on reaches both.
      await h.sim.control.updateItem(7, { name: "seven-renamed.iso" });
      await h.sim.control.deleteItem(8);
      await syncViaQueue();
      const fresh = await allDelivered(late, before);
      expect(fresh.length).toBe(2);
      expect(processedIds(late)).toEqual(fresh);
      await allDelivered(history);
      expect(late.deliveries.every((d) => d.signatureValid)).toBe(true);

      // Its cursor row deleted (to replay history): it gets all of it again, under new webhook-ids, so
      // a receiver deduplicating by id processes it again.
      const seenIds = new Set(history.deliveries.map((d) => d.headerId));
      const processedBefore = history.processed().length;
      const sentBefore = history.deliveries.length;
      await h.database.query("delete from vss.webhook_cursors where subscriber_id = 'history'");
      const replayed = () =>
        history
          .processed()
          .slice(processedBefore)
          .flatMap((p) => p.changes.map((c) => decodeCursor(c.cursor).changeId));
      const all = await expectedIds();
      await expect.poll(() => replayed().length, { timeout: 20_000, interval: 50 }).toBe(all.length);
      expect(replayed()).toEqual(all);
      expect(history.deliveries.slice(sentBefore).some((d) => seenIds.has(d.headerId))).toBe(false);
    } finally {
      await worker.close();
      await late.close();
      await history.close();
    }
  });

  it("never logs a secret, and logs what it delivered", () => {
    const text = logLines.join("");
    expect(text).toContain("webhook batch delivered");
    expect(text).toContain("webhook delivery failed");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
