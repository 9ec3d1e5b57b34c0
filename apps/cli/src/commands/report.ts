import { type DatabaseHandle, rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";
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
  if (options.scope !== undefined) {
    const known = await knownScopes(database);
    if (!known.includes(options.scope)) {
      println(
        io.stderr,
        `vss-mirror: unknown scope "${options.scope}": this mirror holds ${known.join(", ")} ` +
          "(a personal store is named by its username, as synced)",
      );
      return EXIT.failed;
    }
  }
  const rows = await report.rows(database, options);
  io.stdout.write(formatReport(options.format ?? "table", report.columns, rows));
  return EXIT.ok;
}

/** Every scope ever synced (whatever the outcome), public first; public always, even before a sync. */
async function knownScopes({ db }: DatabaseHandle): Promise<string[]> {
  const rows = await rowsOf<{ scope: string }>(
    db,
    sql`select scope from vss.sync_runs union select 'public' order by 1`,
  );
  const scopes = rows.map((row) => row.scope);
  return ["public", ...scopes.filter((scope) => scope !== "public")];
}
