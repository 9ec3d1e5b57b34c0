import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DatabaseHandle } from "./connect.js";

/** The versioned SQL from `drizzle-kit generate`; the same folder serves src/ and dist/. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_315_001;

/**
 * Applies every migration not yet applied, in order, on a server or on PGlite alike. Several processes
 * may call it at once (the one-shot migrate service and a CLI, say): a session-level advisory lock makes
 * the others wait and then find nothing left to do, instead of racing on CREATE SCHEMA. The migrations
 * run on the connection that holds the lock, so a pool of one connection works too.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.withConnection(async ({ db }) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      // Each driver has its own migrator entry point; both read the same folder and journal.
      const config = { migrationsFolder: MIGRATIONS_FOLDER };
      if (handle.kind === "pglite") await migratePglite(db as unknown as PgliteDatabase, config);
      else await migrateNodePg(db as unknown as NodePgDatabase, config);
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
    }
  });
}
