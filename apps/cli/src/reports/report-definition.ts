import type { DatabaseHandle } from "@vss-mirror/db";

/** One cell: JSON keeps these types; table and CSV print them as text (null as empty). */
export type ReportValue = string | number | null | string[];

export type ReportRow = Record<string, ReportValue>;

/** The flags of `vss-mirror report`; each report reads the ones it understands. */
export interface ReportOptions {
  /** Only this scope (`public` or a username). Default: every scope, except where a report says. */
  scope?: string;
  /** Rows (or runs per scope) shown. Default: the report's own. */
  limit?: number;
  /** How far back `changes` looks, in days. Default 7. */
  days?: number;
  /** `changes` includes items first seen (`created`). Default false: a first sync would drown the rest. */
  created?: boolean;
}

/** What a report prints and how it queries; its name and `--help` line are in reports.ts. */
export interface ReportDefinition {
  /** Output columns in order: the table and CSV header, the keys of each JSON object. */
  columns: readonly string[];
  /** Why these options make no sense for this report (a usage error, nothing read); undefined when fine. */
  refuse?(options: ReportOptions): string | undefined;
  rows(database: DatabaseHandle, options: ReportOptions): Promise<ReportRow[]>;
}
