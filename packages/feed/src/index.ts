export { decodeCursor, encodeCursor, type FeedPosition, InvalidCursorError, START_CURSOR } from "./cursor.js";
export { type ChangePage, type FeedChange, readChanges, type ReadChangesOptions } from "./read-changes.js";
export { signWebhookBody, verifyWebhookSignature, WEBHOOK_HEADERS } from "./webhook-signature.js";
export { advanceWebhookCursor, webhookCursor } from "./webhook-cursors.js";
