// Drivers disagree on what a row holds: node-postgres gives bigint and numeric as strings and timestamptz
// as Date, PGlite may give numbers or bigints. Reports normalise with these so every driver prints alike.

/** A count or an id as a number (counts and VSS ids stay far below 2^53). */
export function toNumber(value: unknown): number {
  return typeof value === "number" ? value : Number(value as string | bigint);
}

/** A timestamptz as an ISO 8601 UTC string, or null. */
export function toIsoTimestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
