import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { statusCommand, type StatusOptions } from "../commands/status.js";
import type { ExitCode } from "../exit-code.js";
import { type DatabaseFlags, withDatabase } from "../with-database.js";

/** `vss-mirror status`: DATABASE_URL, or the data folder. */
export async function runStatus(
  context: CommandContext,
  options: StatusOptions & DatabaseFlags,
): Promise<ExitCode> {
  const config = loadConfig(context.env, []);
  return withDatabase(config, context, { ...options, readOnly: true }, (database) =>
    statusCommand(database, context.io, options),
  );
}
