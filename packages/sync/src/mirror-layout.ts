import type { Connection } from "@vss-mirror/db";
import type { IdLayout } from "./walk/walked-page.js";

/**
 * How the scope's live mirrored ids lie: the ids that cut them into `parts` equal shares (a resync walks
 * those ranges side by side, each holding about as many items), the smallest and largest, and how many.
 * Undefined for a scope with nothing mirrored (the walk then probes the upstream's id span).
 */
export async function mirrorLayout(
  connection: Connection,
  scope: string,
  parts: number,
): Promise<IdLayout | undefined> {
  const fractions = Array.from({ length: Math.max(0, parts - 1) }, (_, i) => (i + 1) / parts);
  const [row] = await connection.query<{
    cuts: string[] | null;
    lowest: string | null;
    largest: string | null;
    n: number;
  }>(
    `select percentile_disc($2::float8[]) within group (order by vss_id) as cuts,
            min(vss_id)::text as lowest, max(vss_id)::text as largest, count(*)::int as n
       from vss.iso_image_rows where scope = $1 and deleted_at is null`,
    [scope, fractions],
  );
  if (!row || row.n === 0 || row.lowest === null || row.largest === null) return undefined;
  const cuts = [...new Set((row.cuts ?? []).filter((cut) => cut !== null).map(Number))].sort((a, b) => a - b);
  return { cuts, lowest: Number(row.lowest), largest: Number(row.largest), count: row.n };
}
