import { type Database, rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";

// Session-level, not transaction-level: the lock must cover the personal store's PATCH-and-wait, which
// happens before the run's transaction opens, and must outlive a rolled-back transaction until the
// failed run is recorded. It dies with the connection, so a crashed worker never leaves it held.
const key = (scope: string) => sql`hashtextextended(${`vss-sync:${scope}`}, 0)`;

/** Takes the scope's lock if free; false when another run of the scope, anywhere, holds it. */
export async function tryLockScope(db: Database, scope: string): Promise<boolean> {
  const [row] = await rowsOf<{ locked: boolean }>(
    db,
    sql`select pg_try_advisory_lock(${key(scope)}) as locked`,
  );
  return row?.locked === true;
}

export async function unlockScope(db: Database, scope: string): Promise<void> {
  await db.execute(sql`select pg_advisory_unlock(${key(scope)})`);
}
