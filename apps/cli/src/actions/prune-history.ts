import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { pruneHistoryCommand } from "../commands/prune-history.js";
import type { ExitCode } from "../exit-code.js";
import { withMirror } from "../maintenance-database.js";

/** `vss-mirror prune-history`: DATABASE_URL, or the embedded mirror. */
export async function runPruneHistory(context: CommandContext, olderThan: string): Promise<ExitCode> {
  const { databaseUrl } = loadConfig(context.env, []);
  return withMirror(context, databaseUrl, (database) => pruneHistoryCommand(database, olderThan, context.io));
}
