import { type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { EXIT, type ExitCode } from "../exit-code.js";
import { type CliIo, println } from "../io.js";

/**
 * `migrate`: applies the migrations not yet applied and says how many that was. Idempotent, and safe
 * beside another process migrating (migrateDatabase holds an advisory lock).
 */
export async function migrateCommand(database: DatabaseHandle, io: CliIo): Promise<ExitCode> {
  const before = await appliedMigrations(database);
  await migrateDatabase(database);
  const after = await appliedMigrations(database);
  const applied = after - before;
  println(
    io.stdout,
    applied === 0
      ? `database schema is up to date (${after} migrations applied)`
      : `applied ${applied} migration${applied === 1 ? "" : "s"} (${after} in total)`,
  );
  return EXIT.ok;
}

// drizzle's migrator records each applied migration in drizzle.__drizzle_migrations (its default
// table, which packages/db keeps); the table does not exist before the first migration. Two queries:
// Postgres resolves every table a statement names before running it, even in an untaken branch.
async function appliedMigrations(database: DatabaseHandle): Promise<number> {
  const [table] = await database.query<{ exists: boolean }>(
    "select to_regclass('drizzle.__drizzle_migrations') is not null as exists",
  );
  if (!table?.exists) return 0;
  const [row] = await database.query<{ count: string }>("select count(*) from drizzle.__drizzle_migrations");
  return Number(row?.count ?? 0);
}
