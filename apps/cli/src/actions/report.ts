import { loadConfig } from "@vss-mirror/config";
import type { CommandContext } from "../command-context.js";
import { reportCommand, type ReportCommandOptions } from "../commands/report.js";
import { EXIT, type ExitCode } from "../exit-code.js";
import { println } from "../io.js";
import type { ReportEntry } from "../reports/reports.js";
import { type DatabaseFlags, withDatabase } from "../with-database.js";

/** `vss-mirror report <name>`: DATABASE_URL, or the data folder. */
export async function runReport(
  context: CommandContext,
  report: ReportEntry,
  options: ReportCommandOptions & DatabaseFlags,
): Promise<ExitCode> {
  const config = loadConfig(context.env, []);
  const definition = await report.load();
  const refused = definition.refuse?.(options);
  if (refused !== undefined) {
    println(context.io.stderr, `vss-mirror: ${refused}`);
    return EXIT.usage;
  }
  return withDatabase(config, context, { ...options, readOnly: true }, (database) =>
    reportCommand(database, context.io, definition, options),
  );
}
