export {
  runSync,
  type RunSyncOptions,
  type SyncLogger,
  type SyncProgress,
  type SyncRunResult,
} from "./run-sync.js";
export {
  DatabaseUnavailableError,
  IncompleteListingError,
  isPermanentFailure,
  SyncLockedError,
} from "./errors.js";
export { KeysetAnswerError, KeysetRefusedError } from "./walk/keyset-errors.js";
export { DEMO_UPSTREAM, recordedUpstream, UpstreamMismatchError } from "./upstream-record.js";
export { recentRuns, type SyncRunRow } from "./recent-runs.js";
export type { SyncTrigger } from "./run-record.js";
export { removeScope, storedScopes, type RemovedScope } from "./maintenance/remove-scope.js";
export {
  cutoffOf,
  InvalidDurationError,
  pruneHistory,
  type PrunedHistory,
} from "./maintenance/prune-history.js";
export { jobRuns, succeededRunResult } from "./job-runs.js";
