import { rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";
import type { ReportDefinition } from "./report-definition.js";
import { toNumber } from "./sql-values.js";

/**
 * docs/sql.md "Public images by OS family": the family is the first folder after `[<data_store>] `.
 * The public catalogue only: a personal store's first folder is its owner's name, not an OS family, so
 * a personal `--scope` is refused rather than answered with one meaningless row.
 */
export const byOsFamily: ReportDefinition = {
  columns: ["family", "images"],
  refuse: ({ scope }) =>
    scope === undefined || scope === "public"
      ? undefined
      : `by-os-family reads the public catalogue's folders (the OS families); a personal store such as ` +
        `"${scope}" is laid out by its owner's name instead: try \`vss-mirror report newest --scope ${scope}\``,
  async rows({ db }) {
    const scope = "public";
    const rows = await rowsOf<{ family: string; images: unknown }>(
      db,
      sql`select split_part(split_part(path, '] ', 2), '/', 1) as family, count(*) as images
          from vss.iso_images
          where scope = ${scope} and deleted_at is null
          group by family
          order by images desc, family`,
    );
    return rows.map((row) => ({ family: row.family, images: toNumber(row.images) }));
  },
};
