import { UnrecoverableError } from "bullmq";

/**
 * A sync failure no retry can fix (bad credentials, a 4xx, upstream data that does not validate).
 * BullMQ fails a job at once, whatever attempts remain, when its processor throws an UnrecoverableError
 * (https://docs.bullmq.io/guide/retrying-failing-jobs#stop-retrying-jobs).
 */
export class PermanentSyncError extends UnrecoverableError {
  constructor(scope: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `sync of scope ${scope} failed permanently, not retrying (fix the cause, then enqueue again): ${reason}`,
    );
    this.cause = cause;
  }
}
