import { rowsOf } from "@vss-mirror/db";
import { sql } from "drizzle-orm";
import type { ReportDefinition } from "./report-definition.js";
import { scopeFilter } from "./scope-filter.js";
import { toIsoTimestamp, toNumber } from "./sql-values.js";

interface ChangeRow {
  at: unknown;
  scope: string;
  vss_id: unknown;
  change: string;
  name: string | null;
  fields: string[];
}

/**
 * docs/sql.md "What changed in the last 7 days", newest first. `created` rows are left out unless
 * `--created`: the first sync of a catalogue creates every item, which would bury the real changes.
 */
export const changes: ReportDefinition = {
  columns: ["at", "scope", "vss_id", "change", "name", "fields"],
  async rows({ db }, { scope, days = 7, created = false }) {
    const kinds = created
      ? ["created", "updated", "deleted", "restored"]
      : ["updated", "deleted", "restored"];
    // fields as jsonb: every driver hands jsonb back as a JS array, not all of them parse text[].
    const rows = await rowsOf<ChangeRow>(
      db,
      sql`select c.at, c.scope, c.vss_id, c.change,
            coalesce(c.after ->> 'name', c.before ->> 'name') as name,
            to_jsonb(c.fields) as fields
          from vss.iso_image_changes c
          where c.at > now() - make_interval(days => ${days}::int)
            and c.change in (${sql.join(
              kinds.map((kind) => sql`${kind}`),
              sql`, `,
            )})
            ${scopeFilter(scope, sql`c.scope`)}
          order by c.at desc, c.id desc`,
    );
    return rows.map((row) => ({
      at: toIsoTimestamp(row.at),
      scope: row.scope,
      vss_id: toNumber(row.vss_id),
      change: row.change,
      name: row.name,
      fields: row.fields,
    }));
  },
};
