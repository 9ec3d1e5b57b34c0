// A personal-store sync request, as PATCH /v2/user/image/iso starts it and GET
// /v2/request/image_sync/<id> reports it (docs/upstream-api.md, "The personal store"). Two services keep them: the
// queued one (a BullMQ job per request, when REDIS_URL is set) and the inline one (a run inside the API
// process otherwise); the routes and the answers' shapes are the same for both.
import { formatVssDate } from "@vss-mirror/vss-client";

/** The states this API reports; the upstream has more, which clients treat the same way. */
export type ImageSyncStatus = "SUBMITTED" | "IN_PROGRESS" | "PROCESSED" | "ERROR";

export interface ImageSyncRequest {
  id: number;
  /** The VSS username whose personal store it syncs. */
  username: string;
  taskId: string;
  status: ImageSyncStatus;
  createdAt: Date;
  updatedAt: Date;
  /** Items the run added to the mirror and marked deleted; 0 until PROCESSED. */
  added: number;
  deleted: number;
  /** Why it failed (ERROR): the run's error, never a secret. */
  errors: string[];
}

export interface ImageSyncService {
  /** Whether `username` is an account this mirror syncs (else PATCH answers 403). */
  syncs(username: string): boolean;
  /** Starts a sync of `username`'s store, or answers the one still pending for it. */
  start(username: string): Promise<ImageSyncRequest>;
  /** Request `id` if it exists and syncs `username`'s store; undefined otherwise. */
  get(id: number, username: string): Promise<ImageSyncRequest | undefined>;
  /** Stops what it runs or holds (connections, runs in the API process). */
  close(): Promise<void>;
}

/** Upstream's `type` of these requests: not documented, the simulator's assumption. */
const REQUEST_TYPE = "image_sync";

/** `GET /v2/request/image_sync/<id>`'s `data`, field for field as the upstream's. */
export function requestData(request: ImageSyncRequest) {
  return {
    id: request.id,
    created_on: formatVssDate(request.createdAt),
    updated_on: formatVssDate(request.updatedAt),
    status: request.status,
    type: REQUEST_TYPE,
    added: request.added,
    deleted: request.deleted,
    task_id: request.taskId,
    user: { username: request.username },
    message: { warnings: [] as string[], errors: request.errors },
  };
}

/** PATCH's 202 body: where to follow the request, and its first state. */
export function acceptedBody(request: ImageSyncRequest, base: string) {
  return {
    data: {
      _links: { request: `${base}/v2/request/image_sync/${request.id}` },
      message: "Request has been accepted for processing",
      request: { id: request.id, status: request.status, task_id: request.taskId },
      status: 202,
    },
  };
}
