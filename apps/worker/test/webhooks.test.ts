// Webhooks end to end with real Redis, Postgres, syncs and an HTTP receiver: batches arrive signed and
// in order; a receiver that fails (500, or nothing listening) and then recovers gets every change
// exactly once after deduplicating by delivery id; a worker restart loses nothing; no secret is logged.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { decodeCursor, webhookCursor, START_CURSOR } from "@vss-mirror/feed";
import { enqueueSync } from "@vss-mirror/queue";
import { runSync } from "@vss-mirror/sync";
import { VssClient } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../src/index.js";
import { createLogger } from "../src/logger.js";
import { type Harness, startHarness } from "./harness.js";
import { closedPort, type Receiver, startReceiver } from "./webhook-receiver.js";

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

/** A worker whose one subscriber is `id` at `url`, with short backoff and a short dispatch interval. */
function workerFor(id: string, url: string, secret: string): Promise<RunningWorker> {
  secrets.push(secret);
  const file = join(dir, `${id}.json`);
  writeFileSync(file, JSON.stringify([{ id, url, secret }]));
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

/** Every change id in commit order, straight from SQL. */
async function expectedIds(): Promise<number[]> {
  const rows = await h.database.query<{ id: string }>(
    `select c.id from vss.iso_image_changes c join vss.sync_runs r on r.id = c.run_id
      where r.status = 'succeeded' order by r.commit_seq, c.id`,
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

async function allDelivered(receiver: Receiver) {
  const expected = await expectedIds();
  await expect
    .poll(() => processedIds(receiver).length, { timeout: 20_000, interval: 50 })
    .toBe(expected.length);
  expect(processedIds(receiver)).toEqual(expected);
  // A repeated delivery id always carried the same batch: dropping it lost nothing.
  const byId = new Map<string, string>();
  for (const d of receiver.deliveries) {
    const batch = JSON.stringify(d.payload.changes);
    expect(byId.get(d.payload.deliveryId) ?? batch).toBe(batch);
    byId.set(d.payload.deliveryId, batch);
  }
  return expected;
}

describe("webhooks", () => {
  it("delivers every change after a sync, signed, in order, batch after batch", async () => {
    const secret = "first-hook-secret-123";
    const receiver = await startReceiver(secret);
    const worker = await workerFor("first", receiver.url, secret);
    try {
      await syncViaQueue();
      const expected = await allDelivered(receiver);
      expect(expected.length).toBe(224);
      expect(receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
      expect(receiver.deliveries.every((d) => d.headerId === d.payload.deliveryId)).toBe(true);
      expect(receiver.deliveries.every((d) => d.payload.subscriber === "first")).toBe(true);
      expect(receiver.processed().map((p) => p.changes.length)).toEqual([50, 50, 50, 50, 24]);
      const last = receiver.processed().at(-1)!;
      expect(last.next).toBe(last.changes.at(-1)!.cursor);
      await expect.poll(() => webhookCursor(h.database, "first")).toBe(last.next);
    } finally {
      await worker.close();
      await receiver.close();
    }
  });

  it("a receiver answering 500 for a while gets every change exactly once after it recovers", async () => {
    const secret = "flaky-hook-secret-456";
    const receiver = await startReceiver(secret);
    receiver.failing = true;
    const worker = await workerFor("flaky", receiver.url, secret);
    try {
      await h.sim.control.updateItem(5, { name: "five-renamed.iso" });
      await h.sim.control.deleteItem(6);
      await syncViaQueue();
      // Long enough to run out of the job's 3 attempts (50 ms, 100 ms backoff) several times over.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(receiver.deliveries.length).toBeGreaterThan(3);
      expect(await webhookCursor(h.database, "flaky")).toBe(START_CURSOR);
      receiver.failing = false;
      const expected = await allDelivered(receiver);
      expect(expected.length).toBe(226);
      // The first batch was sent many times under one id, and processed once.
      const firstId = receiver.processed()[0]!.deliveryId;
      expect(receiver.deliveries.filter((d) => d.payload.deliveryId === firstId).length).toBeGreaterThan(3);
      expect(receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
    } finally {
      await worker.close();
      await receiver.close();
    }
  });

  it("a receiver that is down (nothing listening) gets everything once it comes up", async () => {
    const secret = "down-hook-secret-789";
    const port = await closedPort();
    const worker = await workerFor("down", `http://127.0.0.1:${port}/hook`, secret);
    let receiver: Receiver | undefined;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await webhookCursor(h.database, "down")).toBe(START_CURSOR);
      receiver = await startReceiver(secret, port);
      await allDelivered(receiver);
    } finally {
      await worker.close();
      await receiver?.close();
    }
  });

  it("a worker restarted mid-way loses nothing", async () => {
    const secret = "restart-hook-secret-000";
    const receiver = await startReceiver(secret);
    receiver.delayMs = 150;
    const first = await workerFor("restart", receiver.url, secret);
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
      second = await workerFor("restart", receiver.url, secret);
      const expected = await allDelivered(receiver);
      expect(expected.length).toBe(227);
    } finally {
      await first.close();
      await second?.close();
      await receiver.close();
    }
  });

  it("never logs a secret, and logs what it delivered", () => {
    const text = logLines.join("");
    expect(text).toContain("webhook batch delivered");
    expect(text).toContain("webhook delivery failed");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
