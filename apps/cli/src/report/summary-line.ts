import type { SyncRunResult } from "@vss-mirror/sync";
import { formatDuration } from "./format-duration.js";

/** One line per succeeded scope, `key=value` so it can be grepped. */
export function summaryLine(result: SyncRunResult): string {
  return [
    `${result.scope}: succeeded (run ${result.runId})`,
    `inserted=${result.inserted}`,
    `updated=${result.updated}`,
    `restored=${result.restored}`,
    `unchanged=${result.unchanged}`,
    `deleted=${result.deleted}`,
    `pages=${result.pages}`,
    `items=${result.itemsSeen}`,
    `duration=${formatDuration(result.durationMs)}`,
  ].join(" ");
}
