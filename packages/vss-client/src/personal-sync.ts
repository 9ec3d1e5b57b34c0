import { VssInvalidResponseError } from "./errors.js";
import { syncAcceptedSchema, syncRequestSchema } from "./envelope.js";
import {
  type ImageSyncRequest,
  SYNC_DONE,
  SYNC_FAILED,
  VssImageSyncFailedError,
  VssImageSyncTimeoutError,
} from "./image-sync.js";
import type { Session } from "./session.js";
import { sleep } from "./sleep.js";

/** Options of `syncPersonalIsos()`. */
export interface SyncOptions {
  /** Pause between status polls. Default: 5000 (public clients poll every 5-10 s). */
  pollIntervalMs?: number;
  /** Bound on the total wait for a final state. Default: 300_000. */
  timeoutMs?: number;
  /** Aborts the wait. Default: none. */
  signal?: AbortSignal;
}

function invalid(method: string, path: string, error: { issues: { path: PropertyKey[] }[] }) {
  const fields = error.issues.map((i) => i.path.map(String).join(".") || "(root)").join(", ");
  return new VssInvalidResponseError(
    `${method} ${path}: unexpected answer (${fields})`,
    "shape",
    method,
    path,
    {
      cause: error,
    },
  );
}

export async function getImageSyncRequest(session: Session, id: number, signal?: AbortSignal) {
  const url = session.resolve(`v2/request/image_sync/${id}`);
  const answer = await session.call("GET", url, signal);
  const parsed = syncRequestSchema.safeParse(answer.body);
  if (!parsed.success) throw invalid("GET", url.pathname, parsed.error);
  const d = parsed.data.data;
  const request: ImageSyncRequest = {
    id: d.id,
    status: d.status,
    type: d.type,
    taskId: d.task_id ?? undefined,
    createdOnText: d.created_on ?? undefined,
    updatedOnText: d.updated_on ?? undefined,
    added: d.added,
    deleted: d.deleted,
    warnings: d.message?.warnings ?? [],
    errors: d.message?.errors ?? [],
    raw: d,
  };
  return request;
}

/**
 * Starts a sync of the caller's file store (PATCH) and polls its request until a final state: resolves on
 * PROCESSED/SCHEDULED, throws VssImageSyncFailedError on ERROR/ERROR_RETRY/CANCELLED and
 * VssImageSyncTimeoutError when `timeoutMs` passes first. Only then does the listing reflect the store.
 */
export async function syncPersonalIsos(
  session: Session,
  options: SyncOptions = {},
): Promise<ImageSyncRequest> {
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const signal = options.signal;
  const started = Date.now();
  const url = session.resolve("v2/user/image/iso");
  const answer = await session.call("PATCH", url, signal);
  const accepted = syncAcceptedSchema.safeParse(answer.body);
  if (!accepted.success) throw invalid("PATCH", url.pathname, accepted.error);
  const id = accepted.data.data.request.id;
  for (;;) {
    const request = await getImageSyncRequest(session, id, signal);
    if (SYNC_DONE.has(request.status)) return request;
    if (SYNC_FAILED.has(request.status)) throw new VssImageSyncFailedError(request);
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new VssImageSyncTimeoutError(request, waited);
    await sleep(Math.min(pollIntervalMs, timeoutMs - waited), signal);
  }
}
