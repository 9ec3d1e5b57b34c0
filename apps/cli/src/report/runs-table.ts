import type { SyncRunRow } from "@vss-mirror/sync";
import { formatDuration } from "./format-duration.js";

const HEADER = [
  "scope",
  "status",
  "trigger",
  "started",
  "duration",
  "walk",
  "items",
  "inserted",
  "updated",
  "deleted",
  "error",
];

/** `status` output: one row per run, columns padded; the error column last, since it is the long one. */
export function runsTable(runs: SyncRunRow[], now: Date = new Date()): string {
  if (runs.length === 0) return "no sync runs recorded yet";
  const rows = runs.map((run) => [
    run.scope,
    run.status,
    run.trigger,
    run.startedAt.toISOString(),
    // A running run has no end yet: show how long it has been going.
    formatDuration((run.finishedAt ?? now).getTime() - run.startedAt.getTime()) + (run.finishedAt ? "" : "+"),
    run.walk ?? "",
    String(run.itemsSeen),
    String(run.inserted),
    String(run.updated),
    String(run.deleted),
    run.error?.replace(/\s*\n\s*/g, " ") ?? "",
  ]);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  return [HEADER, ...rows]
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
