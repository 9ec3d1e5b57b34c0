import { cellText } from "./cell-text.js";
import type { ReportRow } from "./report-definition.js";

/**
 * Aligned columns separated by two spaces, a header first (alone when there are no rows). Number
 * columns are right-aligned; the last column is not padded, so lines carry no trailing spaces. Line
 * breaks inside a cell become spaces so that one row stays one line.
 */
export function formatTable(columns: readonly string[], rows: readonly ReportRow[]): string {
  const numeric = columns.map(
    (column) =>
      rows.some((row) => typeof row[column] === "number") && rows.every((row) => isNumberCell(row[column])),
  );
  const cells = rows.map((row) =>
    columns.map((column) => cellText(row[column] ?? null).replace(/\s*[\r\n]+\s*/g, " ")),
  );
  const widths = columns.map((title, i) =>
    Math.max(title.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  return [[...columns], ...cells]
    .map((line) =>
      line
        .map((cell, i) => {
          const width = widths[i] ?? 0;
          if (numeric[i]) return cell.padStart(width);
          return i === line.length - 1 ? cell : cell.padEnd(width);
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function isNumberCell(value: unknown): boolean {
  return typeof value === "number" || value === null;
}
