// `sort=field,dir;...` as an ORDER BY, with the simulator's order (run-list-query.ts, item-fields.ts):
// every key in turn, then id ascending as the final tie-break that keeps paging stable. Strings sort
// byte-wise (collate "C"), public false before true, dates as instants.
import { badParameter } from "./api-error.js";
import { documentedField } from "./item-fields.js";
import { quoted, type SortKey } from "./list-query.js";
import type { SqlParams } from "./sql-params.js";

function extraKeys(field: string, params: SqlParams): string[] {
  const json = `(extra -> ${params.add(field)}::text)`;
  const type = `jsonb_typeof(${json})`;
  // The simulator ranks numbers (booleans as 0/1) before strings (objects as their JSON), and missing
  // values last; a descending key reverses all of it, missing values included.
  return [
    `(case ${type} when 'number' then 0 when 'boolean' then 0 when 'string' then 1 when 'object' then 1 when 'array' then 1 else 2 end)`,
    `(case ${type} when 'number' then (${json})::numeric when 'boolean' then (case when (${json})::boolean then 1 else 0 end) end)`,
    `(case when ${type} = 'string' then ${json} #>> '{}' when ${type} in ('object', 'array') then (${json})::text end) collate "C"`,
  ];
}

/** The ORDER BY list; 400 for a field no live item of the scope has. */
export function orderBy(
  sorts: SortKey[],
  hasExtraField: (field: string) => boolean,
  params: SqlParams,
): string {
  const keys: string[] = [];
  for (const { field, descending } of sorts) {
    const direction = descending ? "desc" : "asc";
    const documented = documentedField(field);
    if (documented) {
      const column = documented.kind === "string" ? `${documented.column} collate "C"` : documented.column;
      keys.push(`${column} ${direction}`);
    } else if (hasExtraField(field)) {
      keys.push(...extraKeys(field, params).map((key) => `${key} ${direction}`));
    } else {
      throw badParameter(`sort field ${quoted(field)} is not an item field`);
    }
  }
  keys.push("vss_id asc");
  return keys.join(", ");
}
