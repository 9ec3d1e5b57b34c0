import { rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";
import type { ReportDefinition } from "./report-definition.js";
import { scopeFilter } from "./scope-filter.js";
import { toIsoTimestamp, toNumber } from "./sql-values.js";

interface NewestRow {
  scope: string;
  vss_id: unknown;
  name: string;
  path: string;
  updated_on: unknown;
  created_on: unknown;
}

/** docs/sql.md "Newest images", for every scope unless `--scope`; `--limit` rows, default 20. */
export const newest: ReportDefinition = {
  columns: ["scope", "vss_id", "name", "path", "updated_on", "created_on"],
  async rows({ db }, { scope, limit = 20 }) {
    // The trailing keys make ties (one upload, several files) come out in the same order every time.
    const rows = await rowsOf<NewestRow>(
      db,
      sql`select scope, vss_id, name, path, updated_on, created_on
          from vss.iso_images
          where deleted_at is null ${scopeFilter(scope)}
          order by updated_on desc, created_on desc, scope, vss_id
          limit ${limit}`,
    );
    return rows.map((row) => ({
      scope: row.scope,
      vss_id: toNumber(row.vss_id),
      name: row.name,
      path: row.path,
      updated_on: toIsoTimestamp(row.updated_on),
      created_on: toIsoTimestamp(row.created_on),
    }));
  },
};
