import { rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";
import type { ReportDefinition } from "./report-definition.js";
import { scopeFilter } from "./scope-filter.js";
import { toNumber } from "./sql-values.js";

/** docs/sql.md "Live images by data store", split by scope as well. */
export const byDataStore: ReportDefinition = {
  columns: ["scope", "data_store", "images"],
  async rows({ db }, { scope }) {
    const rows = await rowsOf<{ scope: string; data_store: string; images: unknown }>(
      db,
      sql`select scope, data_store, count(*) as images
          from vss.iso_images
          where deleted_at is null ${scopeFilter(scope)}
          group by scope, data_store
          order by images desc, scope, data_store`,
    );
    return rows.map((row) => ({
      scope: row.scope,
      data_store: row.data_store,
      images: toNumber(row.images),
    }));
  },
};
