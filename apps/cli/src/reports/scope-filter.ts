import { type SQL, sql } from "drizzle-orm";

/** `and scope = $1` when a scope is given; nothing otherwise. For a query whose `where` exists already. */
export function scopeFilter(scope: string | undefined, column: SQL = sql`scope`): SQL {
  return scope === undefined ? sql.empty() : sql`and ${column} = ${scope}`;
}
