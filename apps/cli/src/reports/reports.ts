import { byDataStore } from "./by-data-store.js";
import { byOsFamily } from "./by-os-family.js";
import { changes } from "./changes.js";
import { newest } from "./newest.js";
import type { ReportDefinition } from "./report-definition.js";
import { runs } from "./runs.js";

/** Every report `vss-mirror report <name>` knows, in the order `--help` lists them. */
export const REPORTS: readonly ReportDefinition[] = [byDataStore, byOsFamily, newest, changes, runs];

export const REPORT_NAMES: readonly string[] = REPORTS.map((report) => report.name);
