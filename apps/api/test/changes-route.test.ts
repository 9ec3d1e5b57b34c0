// GET /changes alone on the API (its auth and error bodies) over a real Postgres filled by real syncs:
// paging with the returned cursor, defaults and limits, and 400 (never 500) for bad input. Who may read
// which scope is changes-scopes.test.ts.
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { START_CURSOR } from "@vss-mirror/feed";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { runSync } from "@vss-mirror/sync";
import { createTestDatabase } from "@vss-mirror/test-services";
import type {} from "@vss-mirror/test-services/global-setup";
import { VssClient } from "@vss-mirror/vss-client";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApi } from "../src/index.js";
import { registerFeedRoutes } from "../src/routes/feed-routes.js";
import { apiSettings, silentLogger, TOKENS } from "./harness.js";

let database: DatabaseHandle;
let sim: Simulator;
let drop: () => Promise<void>;
let app: FastifyInstance;

beforeAll(async () => {
  const testDb = await createTestDatabase(inject("databaseUrl"));
  drop = testDb.drop;
  database = connectDatabase({ url: testDb.url, max: 4 });
  await migrateDatabase(database);
  sim = await startSimulator({ items: 1_200, tokenRateLimit: false });
  const client = new VssClient({ baseUrl: sim.url, username: "alice", password: "alice-password" });
  await runSync({ database, client, scope: "public", trigger: "manual", upstream: sim.url });
  app = await buildApi({
    database,
    config: apiSettings(),
    logger: silentLogger(),
    routes: [registerFeedRoutes],
  });
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
  await database?.close();
  await drop?.();
});

/** GET with alice's token, another, or none (null). */
const get = (url: string, token: string | null = TOKENS.alice) =>
  app.inject({
    method: "GET",
    url,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });

describe("GET /changes", () => {
  it("pages through every change with the returned cursor, 100 by default", async () => {
    const first = await get("/changes");
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^application\/json/);
    const body = first.json<{ changes: Array<{ cursor: string; vssId: number }>; next: string }>();
    expect(body.changes).toHaveLength(100);
    expect(body.next).toBe(body.changes.at(-1)?.cursor);
    const seen = body.changes.map((c) => c.vssId);
    let next = body.next;
    for (;;) {
      const page = (await get(`/changes?after=${next}&limit=1000`)).json<typeof body>();
      seen.push(...page.changes.map((c) => c.vssId));
      if (page.changes.length === 0) {
        expect(page.next).toBe(next);
        break;
      }
      next = page.next;
    }
    expect(seen).toHaveLength(1_200);
    expect(new Set(seen).size).toBe(1_200);
  });

  it("answers 401 without a token, and with an unknown one", async () => {
    for (const token of [null, "not-a-token-of-this-api"]) {
      const response = await get("/changes", token);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ status: 401, error: "unauthorized" });
    }
  });

  it("narrows to a scope", async () => {
    const body = (await get("/changes?scope=alice")).json();
    expect(body).toEqual({ changes: [], next: START_CURSOR });
  });

  it.each([
    ["a garbage cursor", "/changes?after=not-a-cursor!"],
    ["a quoted cursor", "/changes?after=%27%20or%201%3D1--"],
    ["a huge cursor", `/changes?after=${"A".repeat(5_000)}`],
    ["limit 0", "/changes?limit=0"],
    ["limit over 1000", "/changes?limit=1001"],
    ["a huge limit", "/changes?limit=99999999999999999999"],
    ["a negative limit", "/changes?limit=-5"],
    ["a fractional limit", "/changes?limit=2.5"],
    ["a word for limit", "/changes?limit=ten"],
    ["two cursors", `/changes?after=${START_CURSOR}&after=${START_CURSOR}`],
    ["an empty scope", "/changes?scope="],
    ["two scopes", "/changes?scope=public&scope=alice"],
  ])("answers 400 JSON for %s", async (_what, url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      status: 400,
      error: "bad_request",
      message: expect.stringMatching(/^InvalidParameterValue: /),
    });
  });
});
