export { VssClient } from "./client.js";
export type { VssClientOptions, VssLogger, VssRequestEvent } from "./options.js";
export type { VssStats } from "./stats.js";
export { type AnswerPaging, IsoList, type FetchedPage, type ListAnswer } from "./iso-list.js";
export { type ConcurrentPagesOptions, type IsoPage, type ListOptions, sortParam } from "./list-options.js";
export { type IsoImage, toIsoImage, wireIsoSchema } from "./iso-image.js";
export {
  type ImageSyncRequest,
  type ImageSyncStatus,
  SYNC_DONE,
  SYNC_FAILED,
  VssImageSyncFailedError,
  VssImageSyncTimeoutError,
} from "./image-sync.js";
export type { SyncOptions } from "./personal-sync.js";
export {
  Filter,
  filter,
  escapeLike,
  type FilterOperator,
  type FilterValue,
  type FilterValueFor,
} from "./filter.js";
export { Sort, sort, type SortDirection } from "./sort.js";
export type { IsoWireField, QueryField } from "./fields.js";
export { formatVssDate, parseVssDate } from "./vss-date.js";
export {
  VssError,
  VssConnectionError,
  VssTimeoutError,
  VssInvalidResponseError,
  type InvalidResponseReason,
  VssHttpError,
  type VssHttpErrorInit,
  VssBadRequestError,
  VssAuthError,
  VssOtpRequiredError,
  VssForbiddenError,
  VssNotFoundError,
  VssRateLimitError,
  VssServerError,
} from "./errors.js";
export { VssValidationError, type VssValidationIssue } from "./validation-error.js";
export { makeError, type ErrorContext } from "./make-error.js";
export { retryDelay, shouldRetry, type RetryDelayOptions } from "./retry-policy.js";
export { parseRetryAfter } from "./retry-after.js";
export { jwtExpiry } from "./token-manager.js";
