export { runCli, type RunCliOptions } from "./cli.js";
export { EXIT, type ExitCode } from "./exit-code.js";
export type { CliIo } from "./io.js";
export { migrateCommand } from "./commands/migrate.js";
export { syncOnce, type SyncOnceOptions } from "./commands/sync-once.js";
export { syncViaQueue, type SyncViaQueueOptions } from "./commands/sync-via-queue.js";
export { statusCommand, type StatusOptions } from "./commands/status.js";
export type { ScopeOutcome } from "./report/scope-outcome.js";
export { reportCommand, type ReportCommandOptions } from "./commands/report.js";
export { REPORTS, REPORT_NAMES } from "./reports/reports.js";
export {
  createProgressReporter,
  type ProgressEvent,
  type ProgressReporter,
  type ProgressReporterOptions,
} from "./progress/create-progress-reporter.js";
