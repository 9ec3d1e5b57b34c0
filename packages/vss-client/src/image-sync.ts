import { VssError } from "./errors.js";

/** Upstream request states (observed). Others may appear; they are treated as "keep waiting". */
export type ImageSyncStatus =
  | "SUBMITTED"
  | "PENDING"
  | "IN_PROGRESS"
  | "APPROVAL_REQUIRED"
  | "PROCESSED"
  | "SCHEDULED"
  | "ERROR"
  | "ERROR_RETRY"
  | "CANCELLED"
  | (string & {});

/** A personal image sync request (`GET /v2/request/image_sync/<id>`). */
export interface ImageSyncRequest {
  id: number;
  status: ImageSyncStatus;
  type: string | undefined;
  taskId: string | undefined;
  /** `created_on` / `updated_on` as sent upstream. */
  createdOnText: string | undefined;
  updatedOnText: string | undefined;
  added: unknown;
  deleted: unknown;
  warnings: unknown[];
  errors: unknown[];
  /** The whole `data` object, unknown fields included. */
  raw: Record<string, unknown>;
}

/** Final states meaning the sync is done. */
export const SYNC_DONE: ReadonlySet<string> = new Set(["PROCESSED", "SCHEDULED"]);
/** Final states meaning the sync failed. */
export const SYNC_FAILED: ReadonlySet<string> = new Set(["ERROR", "ERROR_RETRY", "CANCELLED"]);

/** The sync request reached a failed final state (ERROR, ERROR_RETRY, CANCELLED). */
export class VssImageSyncFailedError extends VssError {
  constructor(readonly request: ImageSyncRequest) {
    const errors = request.errors.length > 0 ? `: ${JSON.stringify(request.errors)}` : "";
    super(`personal image sync request ${request.id} ended ${request.status}${errors}`);
  }
}

/** The sync request reached no final state within the allowed total wait. */
export class VssImageSyncTimeoutError extends VssError {
  constructor(
    readonly request: ImageSyncRequest,
    readonly waitedMs: number,
  ) {
    super(`personal image sync request ${request.id} still ${request.status} after ${waitedMs} ms`);
  }
}
