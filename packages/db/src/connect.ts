import { drizzle } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema.js";

/** Drizzle over any Postgres driver this project uses (node-postgres here; PGlite for the embedded path). */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseOptions {
  /** postgres:// connection string. */
  url: string;
  /** Pool size. Default 10. */
  max?: number;
  /** Sent as application_name, so runs are easy to find in pg_stat_activity. Default "vss-mirror". */
  applicationName?: string;
}

export interface DatabaseHandle {
  /** Pooled: each statement may run on a different connection. */
  db: Database;
  pool: pg.Pool;
  /**
   * Runs `work` on one dedicated connection, for what must share a session: advisory locks and a
   * transaction that spans many statements.
   */
  withConnection<T>(work: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens a pooled connection to PostgreSQL. Close it when done, or the process will not exit. */
export function connectDatabase(options: DatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "vss-mirror",
  });
  // An idle client that loses its server (restart, failover) emits 'error' on the pool; without a
  // listener that kills the process. The next query gets a fresh connection instead.
  pool.on("error", () => {});
  return {
    db: drizzle(pool, { schema }),
    pool,
    async withConnection(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await work(drizzle(client, { schema }));
      } catch (error) {
        // A connection whose session state is unknown (lock held, transaction open) must not go back
        // to the pool; destroying it makes the server release both.
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
