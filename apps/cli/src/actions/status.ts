import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { statusCommand, type StatusOptions } from "../commands/status.js";
import type { ExitCode } from "../exit-code.js";
import { withDatabase } from "../with-database.js";

/** `vss-mirror status`: needs only DATABASE_URL. */
export async function runStatus({ env, io }: CommandContext, options: StatusOptions): Promise<ExitCode> {
  const { databaseUrl } = loadConfig(env, ["database"]);
  return withDatabase(databaseUrl, (database) => statusCommand(database, io, options));
}
