import type { Connection } from "@vss-mirror/db";

/**
 * Ids that cut the scope's live mirrored items into `parts` equal shares: a resync walks those ranges
 * side by side, each holding about as many items. Empty for a scope never synced (the walk then cuts
 * the id space evenly).
 */
export async function mirrorSplitHints(
  connection: Connection,
  scope: string,
  parts: number,
): Promise<number[]> {
  if (parts < 2) return [];
  const fractions = Array.from({ length: parts - 1 }, (_, i) => (i + 1) / parts);
  const [row] = await connection.query<{ cuts: string[] | null }>(
    `select percentile_disc($2::float8[]) within group (order by vss_id) as cuts
       from vss.iso_image_rows where scope = $1 and deleted_at is null`,
    [scope, fractions],
  );
  return (row?.cuts ?? []).filter((cut) => cut !== null).map(Number);
}
