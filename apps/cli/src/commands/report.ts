import type { DatabaseHandle } from "@vss-mirror/db";
import { EXIT, type ExitCode } from "../exit-code.js";
import { hasVssSchema, NO_SCHEMA_ADVICE } from "../has-vss-schema.js";
import { type CliIo, println } from "../io.js";
import { formatReport, type ReportFormat } from "../reports/format-report.js";
import type { ReportDefinition, ReportOptions } from "../reports/report-definition.js";

export interface ReportCommandOptions extends ReportOptions {
  /** Default "table". */
  format?: ReportFormat;
}

/**
 * `report <name>`: runs one report and prints it on stdout. Read-only, so it does not migrate. An empty
 * mirror prints the header alone (CSV, table) or `[]`: an empty answer, not an error.
 */
export async function reportCommand(
  database: DatabaseHandle,
  io: CliIo,
  report: ReportDefinition,
  options: ReportCommandOptions = {},
): Promise<ExitCode> {
  if (!(await hasVssSchema(database))) {
    println(io.stderr, NO_SCHEMA_ADVICE);
    return EXIT.failed;
  }
  const rows = await report.rows(database, options);
  io.stdout.write(formatReport(options.format ?? "table", report.columns, rows));
  return EXIT.ok;
}
