import { formatCsv } from "./format-csv.js";
import { formatTable } from "./format-table.js";
import type { ReportRow } from "./report-definition.js";

export const REPORT_FORMATS = ["table", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The whole output, ending with a line break: CSV's own CRLF, otherwise `\n`. */
export function formatReport(
  format: ReportFormat,
  columns: readonly string[],
  rows: readonly ReportRow[],
): string {
  switch (format) {
    case "csv":
      return formatCsv(columns, rows);
    case "json":
      // Keys in column order, whatever order a row was built in, camelCased as in every JSON output of
      // the CLI (status, sync, progress); table and CSV keep the SQL column names.
      return `${JSON.stringify(
        rows.map((row) =>
          Object.fromEntries(columns.map((column) => [jsonKey(column), row[column] ?? null])),
        ),
        null,
        2,
      )}\n`;
    case "table":
      return `${formatTable(columns, rows)}\n`;
  }
}

/** `data_store` as a JSON key: `dataStore`. */
export function jsonKey(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
