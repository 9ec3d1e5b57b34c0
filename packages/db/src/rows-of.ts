import type { SQL } from "drizzle-orm";
import type { Database } from "./connect.js";

/**
 * Runs raw SQL and returns its rows. Drivers answer `execute` with different wrappers; node-postgres and
 * PGlite both carry the rows in `.rows`.
 */
export async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
