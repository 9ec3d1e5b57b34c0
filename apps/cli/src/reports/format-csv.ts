import { cellText } from "./cell-text.js";
import type { ReportRow } from "./report-definition.js";

/**
 * RFC 4180 CSV: a header line, then one record per row, every line ended by CRLF. A field is quoted
 * when it holds a comma, a double quote, CR or LF, with its quotes doubled
 * (https://www.rfc-editor.org/rfc/rfc4180#section-2); catalogue names carry quotes and commas.
 */
export function formatCsv(columns: readonly string[], rows: readonly ReportRow[]): string {
  const record = (fields: readonly string[]) => `${fields.map(csvField).join(",")}\r\n`;
  return (
    record(columns) +
    rows.map((row) => record(columns.map((column) => cellText(row[column] ?? null)))).join("")
  );
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
