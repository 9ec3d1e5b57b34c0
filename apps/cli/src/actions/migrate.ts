import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { migrateCommand } from "../commands/migrate.js";
import type { ExitCode } from "../exit-code.js";
import { type DatabaseFlags, withDatabase } from "../with-database.js";

/** `vss-mirror migrate`: DATABASE_URL, or the data folder. */
export async function runMigrate(context: CommandContext, flags: DatabaseFlags = {}): Promise<ExitCode> {
  const config = loadConfig(context.env, []);
  return withDatabase(config, context, flags, (database) => migrateCommand(database, context.io));
}
