// Public surface of @vss-mirror/api: build the server in-process (tests, other apps) and extend it.
export { buildApi, type BuildApiOptions } from "./build-api.js";
export type { ApiDeps, RouteModule } from "./api-deps.js";
export { API_ROUTES } from "./routes/index.js";
export { ApiError, badParameter, errorBody, type ErrorBody } from "./api-error.js";
export type { ApiPrincipal } from "./authenticate.js";
export { createLogger } from "./logger.js";
export { SYNCED_AT_HEADER } from "./data-response.js";
export type { ImageSyncRequest, ImageSyncService, ImageSyncStatus } from "./image-sync/image-sync-request.js";
export { InlineImageSyncs, type InlineImageSyncsOptions } from "./image-sync/inline-image-syncs.js";
export { QueuedImageSyncs, type QueuedImageSyncsOptions } from "./image-sync/queued-image-syncs.js";
export { createImageSync } from "./image-sync/create-image-sync.js";
