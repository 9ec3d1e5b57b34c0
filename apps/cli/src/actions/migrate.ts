import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { migrateCommand } from "../commands/migrate.js";
import type { ExitCode } from "../exit-code.js";
import { withDatabase } from "../with-database.js";

/** `vss-mirror migrate`: needs only DATABASE_URL. */
export async function runMigrate({ env, io }: CommandContext): Promise<ExitCode> {
  const { databaseUrl } = loadConfig(env, ["database"]);
  return withDatabase(databaseUrl, (database) => migrateCommand(database, io));
}
