// Deterministic ids for scheduled jobs: every scheduler replica that fires the same tick computes the
// same id, and BullMQ adds a job only when no job with that id exists
// (https://docs.bullmq.io/guide/jobs/job-ids), so a tick is enqueued once however many replicas run.

/**
 * `schedule-<scope>-<YYYYMMDDTHHMMSSZ>` for the tick's scheduled time in UTC, floored to the second
 * (6-field cron expressions can tick every second; 5-field ones always land on second 0, so their ids
 * are per minute). UTC keeps the id the same whatever time zone the schedule is written in.
 *
 * BullMQ rejects ids containing ":" and all-digit ids; the scope is escaped so the id holds only
 * `[A-Za-z0-9._~-]`: a character outside `[A-Za-z0-9._-]` becomes `~` and its UTF-8 bytes in hex, so
 * two different scopes never share an id.
 */
export function scheduledJobId(scope: string, tick: Date): string {
  if (Number.isNaN(tick.getTime())) throw new RangeError("scheduledJobId: tick is an invalid date");
  if (scope === "") throw new RangeError("scheduledJobId: scope is empty");
  return `schedule-${escapeScope(scope)}-${utcStamp(tick)}`;
}

function escapeScope(scope: string): string {
  let out = "";
  for (const char of scope) {
    if (/^[A-Za-z0-9._-]$/.test(char)) out += char;
    else for (const byte of Buffer.from(char, "utf8")) out += `~${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** 2026-11-27T07:00:00.123Z -> 20261127T070000Z */
function utcStamp(tick: Date): string {
  return tick
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}
