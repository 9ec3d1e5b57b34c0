import type { DatabaseHandle } from "@vss-mirror/db";
import { recentRuns } from "@vss-mirror/sync";
import { EXIT, type ExitCode } from "../exit-code.js";
import { hasVssSchema, NO_SCHEMA_ADVICE } from "../has-vss-schema.js";
import { type CliIo, println } from "../io.js";
import { runsTable } from "../report/runs-table.js";

export interface StatusOptions {
  /** Runs shown per scope. Default: recentRuns's (5). */
  limit?: number;
  /** Print the rows as JSON instead of a table. Default: false. */
  json?: boolean;
}

/** `status`: the last runs of each scope, newest first within a scope. */
export async function statusCommand(
  database: DatabaseHandle,
  io: CliIo,
  options: StatusOptions = {},
): Promise<ExitCode> {
  // Read-only, so it does not migrate; a fresh database gets advice instead of "relation does not exist".
  if (!(await hasVssSchema(database))) {
    println(io.stderr, NO_SCHEMA_ADVICE);
    return EXIT.failed;
  }
  const runs = await recentRuns(database, options.limit === undefined ? {} : { limit: options.limit });
  println(io.stdout, options.json ? JSON.stringify(runs, null, 2) : runsTable(runs));
  return EXIT.ok;
}
