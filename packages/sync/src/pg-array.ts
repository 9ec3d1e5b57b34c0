import { sql, type SQL } from "drizzle-orm";

// Whole columns go to Postgres as ONE array parameter each, for two reasons: Drizzle expands a JS array
// into one parameter per element (and Postgres allows 65,535 per statement), and building thousands of
// parameters costs more CPU than the insert itself. Values travel as Postgres array literals, which both
// node-postgres and PGlite pass through as text.

/** Quotes one element of an array literal; null stays NULL. */
function element(value: string | null): string {
  return value === null ? "NULL" : `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function literal(values: readonly (string | null)[]): string {
  return `{${values.map(element).join(",")}}`;
}

/** One bigint[] parameter. */
export function bigintArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.join(",")}}`}::bigint[]`;
}

export function textArray(values: readonly (string | null)[]): SQL {
  return sql`${literal(values)}::text[]`;
}

export function booleanArray(values: readonly boolean[]): SQL {
  return sql`${`{${values.join(",")}}`}::boolean[]`;
}

/** Instants as ISO 8601 UTC strings: exact, whatever the session's time zone. */
export function timestamptzArray(values: readonly Date[]): SQL {
  return sql`${literal(values.map((value) => value.toISOString()))}::timestamptz[]`;
}

export function jsonbArray(values: readonly (unknown | null)[]): SQL {
  return sql`${literal(values.map((value) => (value === null ? null : JSON.stringify(value))))}::jsonb[]`;
}
