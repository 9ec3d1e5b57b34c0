import type { Connection } from "@vss-mirror/db";

/**
 * A scope's partition of vss.iso_image_rows (migration 0005 of @vss-mirror/db): its table name, and
 * whether it exists yet. A scope without one has never been synced: its first sync loads a new table
 * with no index and attaches it (attachPartition), so that the indexes are built once, sorted, rather
 * than updated row by row; later syncs merge into it through the parent.
 */
export async function scopePartition(
  connection: Connection,
  scope: string,
): Promise<{ table: string; exists: boolean }> {
  const [row] = await connection.query<{ table: string; exists: boolean }>(
    `select format('vss.%I', vss.iso_rows_partition($1)) as table,
            to_regclass(format('vss.%I', vss.iso_rows_partition($1))) is not null as exists`,
    [scope],
  );
  if (!row) throw new Error("scopePartition: no answer");
  return row;
}

/** Creates the scope's partition table, detached and without indexes, in the run's transaction. */
export async function createPartitionTable(connection: Connection, table: string): Promise<void> {
  await connection.query(`create table ${table} (like vss.iso_image_rows including defaults)`);
}

/**
 * Attaches the loaded table as the scope's partition. Postgres builds the parent's primary key and
 * indexes on it here; the key's build fails (unique violation) if an id was loaded twice.
 */
export async function attachPartition(connection: Connection, table: string, scope: string): Promise<void> {
  // DDL takes no parameters: Postgres quotes the scope itself (%L).
  const [row] = await connection.query<{ ddl: string }>(
    `select format('alter table vss.iso_image_rows attach partition %s for values in (%L)', $1::text, $2::text) as ddl`,
    [table, scope],
  );
  await connection.query(row!.ddl);
}
