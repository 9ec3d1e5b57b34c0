import type { DatabaseHandle } from "@vss-mirror/db";
import type { SyncRunResult } from "@vss-mirror/sync";

/** Lines listed per kind of change and scope before "... and N more". */
const MAX_LINES = 10;

/** Successful runs per scope so far: 0 means the next run of that scope is its first sync. */
export async function successfulRuns(database: DatabaseHandle): Promise<Map<string, number>> {
  const rows = await database.query<{ scope: string; runs: number }>(
    "select scope, count(*)::int as runs from vss.sync_runs where status = 'succeeded' group by scope",
  );
  return new Map(rows.map((row) => [row.scope, row.runs]));
}

/** One scope's counts, as the run reported them. */
export function scopeLine(result: SyncRunResult, firstSync: boolean): string {
  const kind = firstSync ? "first sync" : "resync";
  return (
    `${result.scope}: ${kind} (run ${result.runId}): inserted ${result.inserted}, updated ${result.updated}, ` +
    `restored ${result.restored}, deleted ${result.deleted}, unchanged ${result.unchanged} ` +
    `in ${(result.durationMs / 1_000).toFixed(1)}s`
  );
}

/** What the mirror holds now: live images per scope, and per data store. */
export async function totalsLines(database: DatabaseHandle): Promise<string[]> {
  const scopes = await database.query<{ scope: string; live: number; deleted: number }>(
    `select scope, count(*) filter (where deleted_at is null)::int as live,
            count(*) filter (where deleted_at is not null)::int as deleted
       from vss.iso_images group by scope order by scope <> 'public', scope`,
  );
  const stores = await database.query<{ data_store: string; images: number }>(
    `select data_store, count(*)::int as images from vss.iso_images
      where deleted_at is null group by data_store order by images desc, data_store`,
  );
  const live = scopes.reduce((sum, row) => sum + row.live, 0);
  const width = Math.max(0, ...stores.map((row) => row.data_store.length));
  return [
    `In the mirror: ${live} live images (${scopes
      .map((row) => `${row.scope} ${row.live}${row.deleted ? `, ${row.deleted} deleted` : ""}`)
      .join("; ")})`,
    "Images by data store:",
    ...stores.map((row) => `  ${row.data_store.padEnd(width)}  ${String(row.images).padStart(6)}`),
  ];
}

interface ChangeRow {
  change: "created" | "updated" | "deleted" | "restored";
  fields: string[];
  before_name: string | null;
  after_name: string | null;
}

const LABELS: Record<ChangeRow["change"], string> = {
  created: "added",
  updated: "changed",
  restored: "restored",
  deleted: "deleted",
};

/** What one run changed, by name, from its history rows (vss.iso_image_changes). */
export async function changeLines(database: DatabaseHandle, runId: number): Promise<string[]> {
  const rows = await database.query<ChangeRow>(
    `select change, fields, before->>'name' as before_name, after->>'name' as after_name
       from vss.iso_image_changes where run_id = $1
      order by case change when 'created' then 0 when 'updated' then 1 when 'restored' then 2 else 3 end, id`,
    [runId],
  );
  if (rows.length === 0) return ["    no changes upstream since the last run"];
  const lines: string[] = [];
  for (const change of ["created", "updated", "restored", "deleted"] as const) {
    const ofKind = rows.filter((row) => row.change === change);
    for (const row of ofKind.slice(0, MAX_LINES))
      lines.push(`    ${LABELS[change].padEnd(8)}  ${describe(row)}`);
    if (ofKind.length > MAX_LINES) {
      lines.push(`    ${LABELS[change].padEnd(8)}  ... and ${ofKind.length - MAX_LINES} more`);
    }
  }
  return lines;
}

function describe(row: ChangeRow): string {
  const name = row.after_name ?? row.before_name ?? "?";
  if (row.change !== "updated") return name;
  const renamed = row.before_name !== null && row.before_name !== row.after_name;
  return `${renamed ? `${row.before_name} -> ${name}` : name} (${shownFields(row.fields).join(", ")})`;
}

/**
 * The changed fields as a reader wants them: a date's text (`updated_on_text`) changes with its instant,
 * so it is named only when the text alone changed (the same instant sent in another form).
 */
function shownFields(fields: string[]): string[] {
  return fields.filter(
    (field) => !field.endsWith("_text") || !fields.includes(field.slice(0, -"_text".length)),
  );
}
