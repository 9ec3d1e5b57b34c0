// `vss-mirror remove-scope`: forget everything stored for one scope (an account's personal store, or
// the public catalogue), so that an account that left is gone from the mirror, or so that the next
// sync mirrors the scope afresh, as a first sync.
import type { DatabaseHandle } from "@vss-mirror/db";
import { SyncLockedError } from "../errors.js";
import { tryLockScope, unlockScope } from "../scope-lock.js";

export interface RemovedScope {
  scope: string;
  /** Rows of vss.iso_image_rows (live and deleted items). */
  items: number;
  /** Rows of vss.iso_image_changes. */
  changes: number;
  /** Rows of vss.sync_runs. */
  runs: number;
}

/**
 * Deletes the scope's items (dropping its partition), history and runs in one transaction, under the
 * scope's sync lock: a run of the scope in progress makes it fail with SyncLockedError, changing nothing.
 */
export async function removeScope(database: DatabaseHandle, scope: string): Promise<RemovedScope> {
  return database.withConnection(async (connection) => {
    if (!(await tryLockScope(connection.db, scope))) throw new SyncLockedError(scope);
    try {
      await connection.query("begin");
      try {
        const count = async (sql: string) =>
          Number((await connection.query<{ n: string }>(sql, [scope]))[0]?.n ?? 0);
        const items = await count(
          "with gone as (delete from vss.iso_image_rows where scope = $1 returning 1) select count(*) as n from gone",
        );
        const changes = await count(
          "with gone as (delete from vss.iso_image_changes where scope = $1 returning 1) select count(*) as n from gone",
        );
        const runs = await count(
          "with gone as (delete from vss.sync_runs where scope = $1 returning 1) select count(*) as n from gone",
        );
        // Without its partition the scope's next sync is a first sync again (COPY into a new one).
        const [partition] = await connection.query<{ ddl: string | null }>(
          `select case when to_regclass(format('vss.%I', vss.iso_rows_partition($1))) is not null
                  then format('drop table vss.%I', vss.iso_rows_partition($1)) end as ddl`,
          [scope],
        );
        if (partition?.ddl) await connection.query(partition.ddl);
        await connection.query("commit");
        return { scope, items, changes, runs };
      } catch (error) {
        await connection.query("rollback").catch(() => {});
        throw error;
      }
    } finally {
      await unlockScope(connection.db, scope).catch(() => {});
    }
  });
}

/** The scopes the mirror holds anything of, for the message about a scope it does not. */
export async function storedScopes(database: DatabaseHandle): Promise<string[]> {
  const rows = await database.query<{ scope: string }>(
    `select scope from vss.sync_runs union select scope from vss.iso_image_rows
     union select scope from vss.iso_image_changes order by scope`,
  );
  return rows.map((row) => row.scope);
}
