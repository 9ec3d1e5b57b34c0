import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { DatabaseHandle } from "./connect.js";

/** The versioned SQL from `drizzle-kit generate`; the same folder serves src/ and dist/. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_315_001;

/**
 * Applies every migration not yet applied, in order. Several processes may call it at once (the
 * one-shot migrate service and a CLI, say): a session-level advisory lock makes the others wait and then
 * find nothing left to do, instead of racing on CREATE SCHEMA. The migrations run on the connection that
 * holds the lock, so a pool of one connection works too.
 */
export async function migrateDatabase({ pool }: DatabaseHandle): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(lock), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lock.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    lock.release();
  }
}
