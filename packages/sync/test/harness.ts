// One isolated database and one simulator per test file, over real sockets; nothing is mocked. The
// database is a fresh one on the PostgreSQL server, or a fresh PGlite data folder, as the vitest project
// (vitest.config.ts) says; tests use only what both offer (DatabaseHandle.query, not a pool).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type DatabaseHandle, migrateDatabase, openEmbeddedDatabase } from "@vss-mirror/db";
import { type Simulator, type SimulatorOptions, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import { VssClient, type VssClientOptions } from "@vss-mirror/vss-client";
import { inject } from "vitest";
import type { Backend } from "./backend.js";

/** The backend this test file runs against. */
export const BACKEND: Backend = inject("backend");

export interface Harness {
  sim: Simulator;
  database: DatabaseHandle;
  /** The test database's URL, on the PostgreSQL backend (undefined on PGlite). */
  databaseUrl: string | undefined;
  client(username?: string, options?: Partial<VssClientOptions>): VssClient;
  close(): Promise<void>;
}

export const PASSWORDS: Record<string, { password: string; otp?: string }> = {
  alice: { password: "alice-password" },
  bob: { password: "bob-password", otp: "123456" },
};

export async function startHarness(simOptions: SimulatorOptions = {}): Promise<Harness> {
  const { database, drop, url } = await openTestDatabase();
  await migrateDatabase(database);
  const sim = await startSimulator({ tokenRateLimit: false, syncStepMs: 5, ...simOptions });
  return {
    sim,
    database,
    databaseUrl: url,
    client: (username = "alice", options = {}) =>
      new VssClient({
        baseUrl: sim.url,
        username,
        ...PASSWORDS[username]!,
        minRetryDelayMs: 1,
        maxRetryDelayMs: 5,
        retries: 2,
        ...options,
      }),
    async close() {
      await sim.close();
      await database.close();
      await drop();
    },
  };
}

/** Rows of every test leave with this, so that one database serves a whole file. */
export async function emptyMirror(database: DatabaseHandle): Promise<void> {
  // Each scope's partition goes too, so that the next sync of a scope is a first sync, as on a new mirror.
  await database.query(`do $$ declare part text; begin
      for part in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                   where i.inhparent = 'vss.iso_image_rows'::regclass loop
        execute format('drop table vss.%I', part);
      end loop;
    end $$`);
  await database.query("truncate vss.iso_image_changes, vss.sync_runs, vss.mirror_upstream restart identity");
  await database.query("alter sequence vss.iso_image_rows_id_seq restart");
}

// One database per file: PGlite takes ~2 s to create a data folder on these cores, so never one per test.
async function openTestDatabase(): Promise<{
  database: DatabaseHandle;
  drop: () => Promise<void>;
  url?: string;
}> {
  if (BACKEND === "pglite") {
    const dir = await mkdtemp(join(tmpdir(), "vss-sync-pglite-"));
    const database = await openEmbeddedDatabase({ dataDir: dir });
    return { database, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const testDb = await createTestDatabase(inject("databaseUrl"));
  return { database: connectDatabase({ url: testDb.url, max: 4 }), drop: testDb.drop, url: testDb.url };
}

/** Every stored row of a scope, as the reporting view shows it, in vss_id order. */
export async function storedRows(database: DatabaseHandle, scope = "public") {
  const rows = await database.query(
    `select vss_id, name, path, data_store, is_public, created_on, updated_on, extra, deleted_at,
            first_seen_at, last_seen_at, created_on_text, updated_on_text
       from vss.iso_images where scope = $1 order by vss_id`,
    [scope],
  );
  return rows as Array<{
    vss_id: string;
    name: string;
    path: string;
    data_store: string;
    is_public: boolean;
    created_on: Date;
    updated_on: Date;
    extra: Record<string, unknown>;
    deleted_at: Date | null;
    first_seen_at: Date;
    last_seen_at: Date;
    created_on_text: string;
    updated_on_text: string;
  }>;
}

/** (vss_id, xmin) of every stored row: xmin changes whenever Postgres writes a new row version. */
export async function rowVersions(database: DatabaseHandle): Promise<string[]> {
  const rows = await database.query<{ scope: string; vss_id: string; xmin: string }>(
    "select scope, vss_id, xmin::text as xmin from vss.iso_image_rows order by scope, vss_id",
  );
  return rows.map((row) => `${row.scope}/${row.vss_id}@${row.xmin}`);
}

export async function changesOf(database: DatabaseHandle, runId: number) {
  const rows = await database.query(
    "select vss_id::int as vss_id, change, fields, before, after from vss.iso_image_changes where run_id = $1 order by vss_id, id",
    [runId],
  );
  return rows as Array<{
    vss_id: number;
    change: string;
    fields: string[];
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }>;
}

export async function historyCount(database: DatabaseHandle): Promise<number> {
  const [row] = await database.query<{ n: number }>("select count(*)::int as n from vss.iso_image_changes");
  return row!.n;
}

export async function runRow(database: DatabaseHandle, runId: number) {
  const [row] = await database.query("select * from vss.sync_runs where id = $1", [runId]);
  return row!;
}
