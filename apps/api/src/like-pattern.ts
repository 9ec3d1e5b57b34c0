// The API's `like` (docs/upstream-api.md; simulator like-pattern.ts): `%` any run, `_` one character, a backslash
// makes the next character literal. Postgres LIKE has the same default escape, except that a pattern
// ending in a lone backslash is an error there (a 500) and a literal backslash here: rewrite it.

/** The pattern as Postgres `LIKE` (escape `\`) must see it to match what the simulator matches. */
export function likePattern(pattern: string): string {
  return pattern.endsWith("\\") && !/(?:^|[^\\])(?:\\\\)*$/.test(pattern) ? `${pattern}\\` : pattern;
}
