// Who reads what on GET /changes: a token sees the public catalogue's changes and its own personal
// store's (its `user`), never another user's, whether it names a scope or pages the whole feed. The
// feed holds interleaved runs of public, alice and bob, synced for real from the simulator; the truth
// each answer is held to comes straight from SQL.
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { decodeCursor, type FeedChange, START_CURSOR } from "@vss-mirror/feed";
import { type Simulator, type SimIsoInput, startSimulator } from "@vss-mirror/simulator";
import { runSync } from "@vss-mirror/sync";
import { createTestDatabase } from "@vss-mirror/test-services";
import type {} from "@vss-mirror/test-services/global-setup";
import { VssClient } from "@vss-mirror/vss-client";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApi } from "../src/index.js";
import { apiSettings, silentLogger, TOKENS } from "./harness.js";

const BOB_TOKEN = "bob-api-token-0123456789";
const TOKEN_OF = { alice: TOKENS.alice, bob: BOB_TOKEN, reader: TOKENS.reader } as const;
type Holder = keyof typeof TOKEN_OF;
/** What each holder may read (API_TOKENS_FILE below: reader has no `user`). */
const READABLE: Record<Holder, string[]> = {
  alice: ["public", "alice"],
  bob: ["public", "bob"],
  reader: ["public"],
};

const files = (owner: string, count: number, tag = ""): SimIsoInput[] =>
  Array.from({ length: count }, (_, i) => ({ name: `${owner}-${i}${tag}.iso` }));

let database: DatabaseHandle;
let drop: () => Promise<void>;
let sim: Simulator;
let app: FastifyInstance;

async function sync(scope: string): Promise<void> {
  const username = scope === "public" ? "alice" : scope;
  const client = new VssClient({ baseUrl: sim.url, username, password: `${username}-password` });
  await runSync({
    database,
    client,
    scope,
    trigger: "cli",
    upstream: sim.url,
    personalSync: { pollIntervalMs: 5 },
  });
}

beforeAll(async () => {
  const testDb = await createTestDatabase(inject("databaseUrl"));
  drop = testDb.drop;
  database = connectDatabase({ url: testDb.url, max: 4 });
  await migrateDatabase(database);
  sim = await startSimulator({
    items: 40,
    tokenRateLimit: false,
    syncStepMs: 5,
    users: [
      { username: "alice", password: "alice-password", personal: [], files: files("alice", 6) },
      { username: "bob", password: "bob-password", personal: [], files: files("bob", 5) },
    ],
  });
  app = await buildApi({
    database,
    config: apiSettings({
      tokens: [
        { token: TOKENS.alice, name: "alice", user: "alice" },
        { token: BOB_TOKEN, name: "bob", user: "bob" },
        { token: TOKENS.reader, name: "reader" },
      ],
    }),
    logger: silentLogger(),
  });
  // Three rounds, each scope's runs between the others', so every scope's changes sit among the others'.
  for (const scope of ["public", "alice", "bob"]) await sync(scope);
  await sim.control.updateItem(3, { name: "three.iso" });
  await sim.control.deleteItem(4);
  await sim.control.setFiles("alice", files("alice", 7, "-v2"));
  await sim.control.setFiles("bob", files("bob", 3, "-v2"));
  for (const scope of ["bob", "public", "alice"]) await sync(scope);
  await sim.control.addItem({ name: "brand-new.iso" });
  await sim.control.setFiles("alice", files("alice", 2, "-v3"));
  await sim.control.setFiles("bob", files("bob", 4, "-v3"));
  for (const scope of ["alice", "bob", "public"]) await sync(scope);
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await database?.close();
  await drop?.();
});

interface Change {
  id: number;
  scope: string;
}

/** Every change after `after`, in commit order, straight from SQL. */
async function history(after = START_CURSOR): Promise<Change[]> {
  const from = decodeCursor(after);
  const rows = await database.query<{ id: string; scope: string }>(
    `select c.id, c.scope from vss.iso_image_changes c join vss.sync_runs r on r.id = c.run_id
      where r.status = 'succeeded' and (r.commit_seq, c.id) > ($1::bigint, $2::bigint)
      order by r.commit_seq, c.id`,
    [from.commitSeq, from.changeId],
  );
  return rows.map((row) => ({ id: Number(row.id), scope: row.scope }));
}

const get = (holder: Holder, url: string) =>
  app.inject({ method: "GET", url, headers: { authorization: `Bearer ${TOKEN_OF[holder]}` } });

/** Follows `next` until a page comes back empty; answers every change and the final cursor. */
async function readAll(holder: Holder, query: { limit: number; scope?: string; after?: string }) {
  const changes: Change[] = [];
  let after = query.after;
  for (;;) {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.scope !== undefined) params.set("scope", query.scope);
    if (after !== undefined) params.set("after", after);
    const response = await get(holder, `/changes?${params}`);
    expect(response.statusCode).toBe(200);
    const page = response.json<{ changes: FeedChange[]; next: string }>();
    expect(page.changes.length).toBeLessThanOrEqual(query.limit);
    if (page.changes.length === 0) {
      expect(page.next).toBe(after ?? START_CURSOR);
      return { changes, next: page.next };
    }
    expect(page.next).toBe(page.changes.at(-1)!.cursor);
    changes.push(...page.changes.map((c) => ({ id: decodeCursor(c.cursor).changeId, scope: c.scope })));
    after = page.next;
  }
}

describe("GET /changes reads only what the token may read", () => {
  it("holds interleaved runs of public, alice and bob", async () => {
    const all = await history();
    const runs = all.map((c) => c.scope).filter((scope, i, scopes) => scope !== scopes[i - 1]);
    // Rounds (public, alice, bob), (bob, public, alice), (alice, bob, public): adjacent runs of one scope
    // merge, so this is the order of each scope's stretch of changes in the feed.
    expect(runs).toEqual(["public", "alice", "bob", "public", "alice", "bob", "public"]);
    for (const scope of ["public", "alice", "bob"]) expect(all.some((c) => c.scope === scope)).toBe(true);
  });

  it.each<[Holder, number]>([
    ["alice", 1],
    ["alice", 4],
    ["alice", 1000],
    ["bob", 1],
    ["bob", 3],
    ["bob", 1000],
    ["reader", 1],
    ["reader", 7],
    ["reader", 1000],
  ])(
    "%s, paging the whole feed %i at a time, gets exactly its scopes' changes, in order",
    async (holder, limit) => {
      const { changes } = await readAll(holder, { limit });
      const expected = (await history()).filter((c) => READABLE[holder].includes(c.scope));
      expect(changes).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    },
  );

  it.each<[Holder, string]>([
    ["alice", "public"],
    ["alice", "alice"],
    ["bob", "public"],
    ["bob", "bob"],
    ["reader", "public"],
  ])("%s may name scope=%s and gets exactly its changes", async (holder, scope) => {
    const { changes } = await readAll(holder, { limit: 5, scope });
    expect(changes).toEqual((await history()).filter((c) => c.scope === scope));
  });

  it.each<[Holder, string]>([
    ["alice", "bob"],
    ["bob", "alice"],
    ["reader", "alice"],
    ["reader", "bob"],
    ["alice", "nobody"],
  ])("%s asking for scope=%s gets a 403 in the upstream's shape, and no change", async (holder, scope) => {
    const response = await get(holder, `/changes?scope=${scope}`);
    expect(response.statusCode).toBe(403);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const body = response.json<{ status: number; error: string; message: string }>();
    expect(body).toEqual({ status: 403, error: "forbidden", message: expect.stringMatching(/^Forbidden: /) });
    expect(body.message).toContain(`"${scope}"`);
  });

  it("keeps a cursor valid across new runs of every scope, continuing with the token's scopes only", async () => {
    const before = await readAll("alice", { limit: 10 });
    await sim.control.setFiles("bob", files("bob", 2, "-v4"));
    await sim.control.setFiles("alice", files("alice", 3, "-v4"));
    await sim.control.updateItem(5, { name: "five.iso" });
    for (const scope of ["bob", "alice", "bob", "public"]) await sync(scope);
    const after = await readAll("alice", { limit: 2, after: before.next });
    const newer = await history(before.next);
    expect(newer.some((c) => c.scope === "bob")).toBe(true);
    expect(after.changes).toEqual(newer.filter((c) => READABLE.alice.includes(c.scope)));
    expect(after.changes.length).toBeGreaterThan(0);
    // A cursor is only a position: one from bob's own pages, used with alice's token, shows her
    // everything of hers and public's after it, and nothing of bob's.
    const bobs = (await get("bob", "/changes?scope=bob&limit=1")).json<{ next: string }>().next;
    const fromBobsCursor = await readAll("alice", { limit: 3, after: bobs });
    expect(fromBobsCursor.changes).toEqual(
      (await history(bobs)).filter((c) => READABLE.alice.includes(c.scope)),
    );
  });
});
