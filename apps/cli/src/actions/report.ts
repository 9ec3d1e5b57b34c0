import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { reportCommand, type ReportCommandOptions } from "../commands/report.js";
import type { ExitCode } from "../exit-code.js";
import type { ReportEntry } from "../reports/reports.js";
import { withDatabase } from "../with-database.js";

/** `vss-mirror report <name>`: needs only DATABASE_URL. */
export async function runReport(
  { env, io }: CommandContext,
  report: ReportEntry,
  options: ReportCommandOptions,
): Promise<ExitCode> {
  const { databaseUrl } = loadConfig(env, ["database"]);
  const definition = await report.load();
  return withDatabase(databaseUrl, (database) => reportCommand(database, io, definition, options));
}
