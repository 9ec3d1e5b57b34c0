export { startWebhooks, type RunningWebhooks, type StartWebhooksOptions } from "./start-webhooks.js";
export { type WebhookPayload, WebhookStatusError, WebhookUnreachableError } from "./deliver-batch.js";
export { createWebhookQueue, deliveryJobId, WEBHOOK_QUEUE, type DeliverJobData } from "./webhook-queue.js";
