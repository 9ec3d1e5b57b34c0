import type { ReportValue } from "./report-definition.js";

/** A cell as text for table and CSV: null is empty, a list is comma-joined (`name,path`). */
export function cellText(value: ReportValue): string {
  if (value === null) return "";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}
