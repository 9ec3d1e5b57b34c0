// One isolated database and one simulator per test file, over real sockets; nothing is mocked.
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { runSync, type RunSyncOptions } from "@vss-mirror/sync";
import { createTestDatabase } from "@vss-mirror/test-services";
import { VssClient } from "@vss-mirror/vss-client";
// Types of inject("databaseUrl"), provided by the globalSetup that vitest.config.ts names.
import type {} from "@vss-mirror/test-services/global-setup";
import { inject } from "vitest";

export interface Harness {
  sim: Simulator;
  database: DatabaseHandle;
  /** A real sync of `scope` (alice's account), inline. */
  sync(scope?: string, options?: Partial<RunSyncOptions>): ReturnType<typeof runSync>;
  /** Empties the mirror and resets the simulator. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(items = 300): Promise<Harness> {
  const testDb = await createTestDatabase(inject("databaseUrl"));
  const database = connectDatabase({ url: testDb.url, max: 6 });
  await migrateDatabase(database);
  const sim = await startSimulator({ items, tokenRateLimit: false, syncStepMs: 5 });
  const client = () =>
    new VssClient({ baseUrl: sim.url, username: "alice", password: "alice-password", retries: 0 });
  return {
    sim,
    database,
    sync: (scope = "public", options = {}) =>
      runSync({
        database,
        client: client(),
        scope,
        trigger: "manual",
        upstream: sim.url,
        personalSync: { pollIntervalMs: 5, timeoutMs: 5_000 },
        ...options,
      }),
    async reset() {
      await sim.control.reset();
      await database.query(
        "truncate vss.iso_image_changes, vss.iso_image_rows, vss.sync_runs, vss.webhook_cursors restart identity",
      );
    },
    async close() {
      await sim.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** Every change id in commit order, straight from SQL: what a complete read of the feed must yield. */
export async function allChangeIds(database: DatabaseHandle): Promise<number[]> {
  const rows = await database.query<{ id: string }>(
    `select c.id from vss.iso_image_changes c join vss.sync_runs r on r.id = c.run_id
      where r.status = 'succeeded' order by r.commit_seq, c.id`,
  );
  return rows.map((row) => Number(row.id));
}
