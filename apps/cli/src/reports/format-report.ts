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
      // Keys in column order, whatever order a row was built in.
      return `${JSON.stringify(
        rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null]))),
        null,
        2,
      )}\n`;
    case "table":
      return `${formatTable(columns, rows)}\n`;
  }
}
