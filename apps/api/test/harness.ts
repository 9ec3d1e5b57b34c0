// Per test file: an isolated database mirrored from a simulator (public catalogue and alice's personal
// store, synced with the real sync engine), and the API listening on a real port over that database.
// Nothing is mocked: real Postgres, real sockets, the same simulator the sync bench uses.
import type { ApiSettings } from "@vss-mirror/config";
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { type Simulator, type SimIsoInput, startSimulator } from "@vss-mirror/simulator";
import { runSync } from "@vss-mirror/sync";
import { createTestDatabase } from "@vss-mirror/test-services";
import { VssClient } from "@vss-mirror/vss-client";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { inject } from "vitest";
import { buildApi, type ImageSyncService, InlineImageSyncs } from "../src/index.js";

export const TOKENS = {
  /** Named like the simulator's user, so `meta.user` matches upstream's. */
  alice: "alice-api-token-0123456789",
  /** A reader without a personal store. */
  reader: "reader-api-token-0123456789",
  /** Another of alice's tokens, named apart from her: `meta.user` is still "alice". */
  laptop: "alice-laptop-api-token-0123456789",
};

/** Alice's personal files: enough for paging, with an undocumented field and awkward names. */
export const ALICE_FILES: SimIsoInput[] = Array.from({ length: 23 }, (_, i) => ({
  name: i % 5 === 0 ? `Win10_22H2_${i}.iso` : `alice-${String(i).padStart(2, "0")}'s disk%.iso`,
  created_on: `2023-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:15:00 ${i % 9 >= 3 && i % 9 <= 8 ? "EDT" : "EST"}`,
  ...(i % 4 === 1 ? { checksum: `sha256:${i}` } : {}),
}));

/**
 * The keys of an image_sync request as the upstream reports it (GET /v2/request/image_sync/<id>), sorted:
 * what pyvss's wait_for_request and vss-cli read.
 */
export const IMAGE_SYNC_REQUEST_KEYS = [
  "added",
  "created_on",
  "deleted",
  "id",
  "message",
  "status",
  "task_id",
  "type",
  "updated_on",
  "user",
];

export interface Harness {
  sim: Simulator;
  database: DatabaseHandle;
  /** postgres:// url of the test database, for connections of a test's own. */
  databaseUrl: string;
  api: FastifyInstance;
  apiUrl: string;
  /** A bearer token of the simulator for alice. */
  simToken: string;
  /** Syncs a scope from the simulator into the database. */
  sync(scope: string): Promise<void>;
  close(): Promise<void>;
}

/** Logs nothing; set LOG_TESTS=1 to see the API's log lines. */
export const silentLogger = () => pino({ level: process.env.LOG_TESTS ? "debug" : "silent" });

export function apiSettings(overrides: Partial<ApiSettings> = {}): ApiSettings {
  return {
    host: "127.0.0.1",
    port: 0,
    tokens: [
      { token: TOKENS.alice, name: "alice", user: "alice" },
      { token: TOKENS.reader, name: "reader" },
      { token: TOKENS.laptop, name: "alice's laptop", user: "alice" },
    ],
    cacheEntries: 100,
    ...overrides,
  };
}

/** The API's own personal syncs against the harness's simulator, as alice (no Redis: in-process). */
export function inlineImageSyncs(database: DatabaseHandle, simUrl: string): InlineImageSyncs {
  return new InlineImageSyncs({
    database,
    config: {
      vss: { apiUrl: simUrl, timeoutMs: 10_000, retries: 2 },
      accounts: [{ username: "alice", password: "alice-password" }],
      sync: { concurrency: 2, personalPollMs: 5, personalTimeoutMs: 20_000 },
    },
    logger: silentLogger(),
    lockedRetryMs: 50,
  });
}

export interface HarnessOptions {
  items?: number;
  cacheEntries?: number;
  settings?: Partial<ApiSettings>;
  /** The personal-sync service the API gets; default: the in-process one (inlineImageSyncs). */
  imageSync?: (database: DatabaseHandle, simUrl: string) => ImageSyncService;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const testDb = await createTestDatabase(inject("databaseUrl"));
  const database = connectDatabase({ url: testDb.url, max: 4 });
  await migrateDatabase(database);
  const sim = await startSimulator({
    items: options.items ?? 300,
    tokenRateLimit: false,
    syncStepMs: 5,
    users: [{ username: "alice", password: "alice-password", personal: [], files: ALICE_FILES }],
  });
  const client = new VssClient({ baseUrl: sim.url, username: "alice", password: "alice-password" });
  const sync = async (scope: string) => {
    await runSync({
      database,
      client,
      scope,
      trigger: "cli",
      upstream: sim.url,
      personalSync: { pollIntervalMs: 5 },
    });
  };
  await sync("public");
  await sync("alice");
  const imageSync = (options.imageSync ?? inlineImageSyncs)(database, sim.url);
  const api = await buildApi({
    database,
    config: apiSettings({
      ...(options.cacheEntries === undefined ? {} : { cacheEntries: options.cacheEntries }),
      ...options.settings,
    }),
    logger: silentLogger(),
    imageSync,
  });
  await api.listen({ host: "127.0.0.1", port: 0 });
  const address = api.server.address();
  if (address === null || typeof address === "string") throw new Error("api: no TCP address");
  const tokenAnswer = await fetch(`${sim.url}/auth/request-token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from("alice:alice-password").toString("base64")}` },
  });
  const { token } = (await tokenAnswer.json()) as { token: string };
  return {
    sim,
    database,
    databaseUrl: testDb.url,
    api,
    apiUrl: `http://127.0.0.1:${address.port}`,
    simToken: token,
    sync,
    async close() {
      await api.close();
      await imageSync.close();
      await sim.close();
      await database.close();
      await testDb.drop();
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  // The JSON body, as parsed; tests assert its shape.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON of many shapes
}

/** GET (or `method`) `path` on `base` with a bearer token, parsing the JSON body. */
export async function call(
  base: string,
  path: string,
  token: string | undefined,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}
