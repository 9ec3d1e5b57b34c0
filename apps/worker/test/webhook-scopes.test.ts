// Webhook subscribers name the scopes they receive (WEBHOOKS_FILE `scopes`, default ["public"]), and
// are only ever sent changes of those: over interleaved real syncs of public, alice and bob, each real
// receiver gets exactly its scopes' changes, once each, in order; other scopes' changes neither reach it
// nor hold it up; and a subscriber whose scopes change is never sent a batch of its old ones.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeCursor, webhookCursor } from "@vss-mirror/feed";
import type { SimIsoInput } from "@vss-mirror/simulator";
import { runSync } from "@vss-mirror/sync";
import { VssClient } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../src/index.js";
import { type Harness, silentLogger, startHarness } from "./harness.js";
import { newSecret, type Receiver, startReceiver } from "./webhook-receiver.js";

const files = (owner: string, count: number, tag = ""): SimIsoInput[] =>
  Array.from({ length: count }, (_, i) => ({ name: `${owner}-${i}${tag}.iso` }));

let h: Harness;
let dir: string;
let n = 0;

beforeAll(async () => {
  h = await startHarness({
    sim: {
      items: 30,
      users: [
        { username: "alice", password: "alice-password", personal: [], files: files("alice", 5) },
        { username: "bob", password: "bob-password", personal: [], files: files("bob", 4) },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), "vss-webhook-scopes-test-"));
  // Interleaved runs of the three scopes: every scope's changes sit between the others'.
  for (const scope of ["public", "alice", "bob"]) await sync(scope);
  await h.sim.control.updateItem(3, { name: "three.iso" });
  await h.sim.control.setFiles("alice", files("alice", 6, "-v2"));
  await h.sim.control.setFiles("bob", files("bob", 3, "-v2"));
  for (const scope of ["bob", "public", "alice"]) await sync(scope);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sync(scope: string): Promise<void> {
  const username = scope === "public" ? "alice" : scope;
  const client = new VssClient({ baseUrl: h.sim.url, username, password: `${username}-password` });
  await runSync({
    database: h.database,
    client,
    scope,
    trigger: "cli",
    upstream: h.sim.url,
    personalSync: { pollIntervalMs: 5 },
  });
}

interface Subscriber {
  id: string;
  receiver: Receiver;
  secret: string;
  scopes?: string[];
}

/** A worker delivering to `subscribers`, in small batches so that batches end between other scopes' changes. */
function workerFor(subscribers: Subscriber[]): Promise<RunningWorker> {
  const file = join(dir, `hooks-${n++}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      // From the beginning: the history was synced before any worker started.
      subscribers.map(({ id, receiver, secret, scopes }) => ({
        id,
        url: receiver.url,
        secret,
        from: "beginning",
        ...(scopes === undefined ? {} : { scopes }),
      })),
    ),
  );
  const config = h.config({
    WEBHOOKS_FILE: file,
    WEBHOOK_BATCH_SIZE: "4",
    WEBHOOK_ATTEMPTS: "3",
    WEBHOOK_BACKOFF_MS: "50",
    WEBHOOK_DISPATCH_INTERVAL_MS: "300",
    WEBHOOK_TIMEOUT_MS: "2000",
  });
  return startWorker({ config, logger: silentLogger(), prefix: h.prefix, lockedRetryDelayMs: 200 });
}

interface Change {
  id: number;
  scope: string;
}

/** Every change of `scopes`, in commit order, straight from SQL. */
async function truth(scopes: string[]): Promise<Change[]> {
  const rows = await h.database.query<{ id: string; scope: string }>(
    `select c.id, c.scope from vss.iso_image_changes c join vss.sync_runs r on r.id = c.run_id
      where r.status = 'succeeded' and c.scope = any($1::text[]) order by r.commit_seq, c.id`,
    [scopes],
  );
  return rows.map((row) => ({ id: Number(row.id), scope: row.scope }));
}

/** What a deduplicating receiver processed, in order. */
const processed = (receiver: Receiver, from = 0): Change[] =>
  receiver
    .processed()
    .slice(from)
    .flatMap((p) => p.changes.map((c) => ({ id: decodeCursor(c.cursor).changeId, scope: c.scope })));

/** Every change the receiver was sent at all (any answer, repeats included), by scope. */
const sentScopes = (receiver: Receiver, from = 0) =>
  new Set(receiver.deliveries.slice(from).flatMap((d) => d.payload.changes.map((c) => c.scope)));

async function expectExactly(subscriber: Subscriber, scopes: string[]) {
  const expected = await truth(scopes);
  expect(expected.length).toBeGreaterThan(0);
  await expect
    .poll(() => processed(subscriber.receiver).length, { timeout: 20_000, interval: 50 })
    .toBe(expected.length);
  expect(processed(subscriber.receiver)).toEqual(expected);
  expect([...sentScopes(subscriber.receiver)].sort()).toEqual([...scopes].sort());
  expect(subscriber.receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
  // The cursor stands on the last change it was sent; nothing of the other scopes moved it past.
  const last = subscriber.receiver.processed().at(-1)!;
  await expect.poll(() => webhookCursor(h.database, subscriber.id)).toBe(last.next);
}

describe("webhook scopes", () => {
  it("sends each subscriber exactly its scopes' changes, and keeps doing so as other scopes change", async () => {
    const [s1, s2, s3] = [newSecret(), newSecret(), newSecret()];
    const subscribers: Subscriber[] = [
      { id: "public-default", receiver: await startReceiver(s1), secret: s1 },
      { id: "alice-only", receiver: await startReceiver(s2), secret: s2, scopes: ["alice"] },
      { id: "bob-and-public", receiver: await startReceiver(s3), secret: s3, scopes: ["bob", "public"] },
    ];
    const [publicOnly, aliceOnly, bobAndPublic] = subscribers as [Subscriber, Subscriber, Subscriber];
    const worker = await workerFor(subscribers);
    try {
      await expectExactly(publicOnly, ["public"]);
      await expectExactly(aliceOnly, ["alice"]);
      await expectExactly(bobAndPublic, ["bob", "public"]);

      // Only bob changes: it reaches bob's subscriber alone, and moves no other cursor.
      const aliceCursor = await webhookCursor(h.database, aliceOnly.id);
      const aliceSeen = aliceOnly.receiver.deliveries.length;
      const publicSeen = publicOnly.receiver.deliveries.length;
      await h.sim.control.setFiles("bob", files("bob", 5, "-v3"));
      await sync("bob");
      await expectExactly(bobAndPublic, ["bob", "public"]);
      // Several dispatch intervals: time enough for a wrong delivery to show.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(aliceOnly.receiver.deliveries.length).toBe(aliceSeen);
      expect(publicOnly.receiver.deliveries.length).toBe(publicSeen);
      expect(await webhookCursor(h.database, aliceOnly.id)).toBe(aliceCursor);

      // Then alice changes: her subscriber gets just those, after bob's in between, none skipped or repeated.
      await h.sim.control.setFiles("alice", files("alice", 2, "-v3"));
      await sync("alice");
      await expectExactly(aliceOnly, ["alice"]);
      expect(processed(aliceOnly.receiver, aliceSeen).every((c) => c.scope === "alice")).toBe(true);
      expect(publicOnly.receiver.deliveries.length).toBe(publicSeen);
    } finally {
      await worker.close();
      for (const { receiver } of subscribers) await receiver.close();
    }
  });

  it("never sends a batch of a subscriber's old scopes once its scopes changed", async () => {
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    receiver.failing = true;
    const before = await workerFor([{ id: "switch", receiver, secret, scopes: ["alice"] }]);
    let after: RunningWorker | undefined;
    try {
      // A batch of alice's changes is dispatched and keeps failing, so it stays pending.
      await expect
        .poll(() => receiver.deliveries.length, { timeout: 10_000, interval: 20 })
        .toBeGreaterThan(1);
      await before.close();
      const oldIds = new Set(receiver.deliveries.map((d) => d.payload.deliveryId));
      const switchedAt = receiver.deliveries.length;
      receiver.failing = false;
      after = await workerFor([{ id: "switch", receiver, secret, scopes: ["bob"] }]);
      const expected = await truth(["bob"]);
      await expect
        .poll(() => processed(receiver).length, { timeout: 20_000, interval: 50 })
        .toBe(expected.length);
      expect(processed(receiver)).toEqual(expected);
      // Wait out the old job's retries and a few dispatch intervals, then look at everything sent since.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect([...sentScopes(receiver, switchedAt)]).toEqual(["bob"]);
      expect(receiver.deliveries.slice(switchedAt).some((d) => oldIds.has(d.payload.deliveryId))).toBe(false);
    } finally {
      await before.close();
      await after?.close();
      await receiver.close();
    }
  });
});
