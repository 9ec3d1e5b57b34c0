import { sql, type SQL } from "drizzle-orm";

/**
 * One bigint[] parameter for a list of ids. Drizzle expands a JS array into one parameter per element,
 * and Postgres allows at most 65,535 parameters per statement: a 100,000-item catalogue needs one array.
 */
export function bigintArray(ids: readonly number[]): SQL {
  return sql`${`{${ids.join(",")}}`}::bigint[]`;
}
