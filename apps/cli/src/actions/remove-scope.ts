import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { removeScopeCommand, type RemoveScopeFlags } from "../commands/remove-scope.js";
import type { ExitCode } from "../exit-code.js";
import { withMirror } from "../maintenance-database.js";

/** `vss-mirror remove-scope`: DATABASE_URL, or the embedded mirror. */
export async function runRemoveScope(
  context: CommandContext,
  scope: string,
  flags: RemoveScopeFlags,
): Promise<ExitCode> {
  const { databaseUrl } = loadConfig(context.env, []);
  return withMirror(context, databaseUrl, (database) => removeScopeCommand(database, scope, flags, context));
}
