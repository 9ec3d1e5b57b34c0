// Rows for COPY ... FROM in PostgreSQL's text format (https://www.postgresql.org/docs/current/sql-copy.html,
// "Text Format"): one line per row, columns separated by tabs, NULL as \N, and backslash, tab, newline
// and carriage return escaped. Both node-postgres (COPY FROM STDIN) and PGlite (COPY FROM '/dev/blob')
// read this format.

/** One value of a row: text as is, null as NULL, anything else by its JSON-free string form. */
export type CopyValue = string | number | boolean | null;

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function field(value: CopyValue): string {
  if (value === null) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
}

/** One row as a line of COPY text, newline included. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) line += (i === 0 ? "" : "\t") + field(values[i]!);
  return `${line}\n`;
}
