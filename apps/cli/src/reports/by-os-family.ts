import { rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";
import type { ReportDefinition } from "./report-definition.js";
import { toNumber } from "./sql-values.js";

/**
 * docs/sql.md "Public images by OS family": the family is the first folder after `[<data_store>] `.
 * Public scope unless `--scope` says otherwise: in a personal store that folder is the username.
 */
export const byOsFamily: ReportDefinition = {
  columns: ["family", "images"],
  async rows({ db }, { scope = "public" }) {
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
