import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./schema.js";

export type Database = NodePgDatabase<typeof schema>;

export interface DatabaseOptions {
  /** postgres:// connection string. */
  url: string;
  /** Pool size. Default 10. */
  max?: number;
  /** Sent as application_name, so runs are easy to find in pg_stat_activity. Default "vss-mirror". */
  applicationName?: string;
}

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
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
  return { db: drizzle(pool, { schema }), pool, close: () => pool.end() };
}
