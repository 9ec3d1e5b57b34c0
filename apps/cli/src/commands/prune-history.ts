import type { DatabaseHandle } from "@vss-mirror/db";
import { InvalidDurationError, pruneHistory } from "@vss-mirror/sync";
import { EXIT, type ExitCode } from "../exit-code.js";
import { type CliIo, println } from "../io.js";

/** `prune-history --older-than <duration>`: deletes history rows recorded longer ago than that. */
export async function pruneHistoryCommand(
  database: DatabaseHandle,
  olderThan: string,
  io: CliIo,
): Promise<ExitCode> {
  try {
    const { removed, cutoff } = await pruneHistory(database, olderThan);
    println(
      io.stdout,
      `removed ${removed} history row${removed === 1 ? "" : "s"} recorded before ${cutoff.toISOString()}`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof InvalidDurationError)) throw error;
    println(io.stderr, error.message);
    return EXIT.usage;
  }
}
