export { decodeCursor, encodeCursor, type FeedPosition, InvalidCursorError, START_CURSOR } from "./cursor.js";
export { type ChangePage, type FeedChange, readChanges, type ReadChangesOptions } from "./read-changes.js";
export { WEBHOOK_HEADERS, webhookHeaders } from "./webhook-signing.js";
export {
  advanceWebhookCursor,
  feedEnd,
  readWebhookCursor,
  startWebhookCursor,
  webhookCursor,
  type WebhookCursorRow,
  type WebhookLag,
  webhookLag,
} from "./webhook-cursors.js";
