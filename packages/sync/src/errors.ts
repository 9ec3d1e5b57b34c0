import {
  VssAuthError,
  VssBadRequestError,
  VssForbiddenError,
  VssImageSyncFailedError,
  VssInvalidResponseError,
  VssNotFoundError,
  VssValidationError,
} from "@vss-mirror/vss-client";
import { UpstreamMismatchError } from "./upstream-record.js";

/** Another run of the same scope holds its lock. Nothing was recorded; try again later. */
export class SyncLockedError extends Error {
  override name = "SyncLockedError";
  constructor(readonly scope: string) {
    super(`another sync of scope ${scope} is running; try again when it has finished`);
  }
}

/**
 * The walk did not see the whole listing exactly once (a page missing, totals that disagree, an item on
 * two pages): the upstream changed under it. Nothing from the run is kept, nothing is deleted; a later
 * run will see a settled listing.
 */
export class IncompleteListingError extends Error {
  override name = "IncompleteListingError";
}

/**
 * The database went away during the run (the connection lost, the server restarting) or could not be
 * reached: nothing from the run was kept. Transient: a later run, once the database answers, can succeed.
 * The message says what happened, in words an operator can act on.
 */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** A personal store sync ended in a state that asks for a retry (ERROR_RETRY). */
const RETRYABLE_SYNC_STATES = new Set(["ERROR_RETRY"]);

/**
 * True when repeating the run cannot help and a job should fail at once: bad credentials, 4xx answers,
 * upstream data that does not validate, a personal sync the upstream refused. Everything else (network,
 * timeouts, 429/5xx after the client's own retries, a busy lock, a listing that moved) is transient.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof UpstreamMismatchError) return true;
  if (error instanceof VssImageSyncFailedError) return !RETRYABLE_SYNC_STATES.has(error.request.status);
  if (error instanceof VssInvalidResponseError) return error.reason === "shape";
  return (
    error instanceof VssAuthError ||
    error instanceof VssBadRequestError ||
    error instanceof VssForbiddenError ||
    error instanceof VssNotFoundError ||
    error instanceof VssValidationError ||
    error instanceof RangeError ||
    error instanceof TypeError
  );
}
