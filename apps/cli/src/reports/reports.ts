import type { ReportDefinition } from "./report-definition.js";

/**
 * A report as `--help` lists it. `load` imports its query only when it runs: the queries need drizzle
 * and @vss-mirror/db, which `--help` and the other commands must not pay for.
 */
export interface ReportEntry {
  name: string;
  /** One line for `--help`. */
  description: string;
  load(): Promise<ReportDefinition>;
}

/** Every report `vss-mirror report <name>` knows, in the order `--help` lists them. */
export const REPORTS: readonly ReportEntry[] = [
  {
    name: "by-data-store",
    description: "live images per scope and data store",
    load: async () => (await import("./by-data-store.js")).byDataStore,
  },
  {
    name: "by-os-family",
    description: "live public images per OS family (first folder of the path)",
    load: async () => (await import("./by-os-family.js")).byOsFamily,
  },
  {
    name: "newest",
    description: "the newest live images by updated_on, then created_on (--limit, default 20)",
    load: async () => (await import("./newest.js")).newest,
  },
  {
    name: "changes",
    description:
      "updated, deleted and restored items in the last --days (default 7); --created adds new ones",
    load: async () => (await import("./changes.js")).changes,
  },
  {
    name: "runs",
    description: "the last sync runs of each scope, newest first (--limit per scope, default 5)",
    load: async () => (await import("./runs.js")).runs,
  },
];

export const REPORT_NAMES: readonly string[] = REPORTS.map((report) => report.name);
