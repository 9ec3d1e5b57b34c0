// One POST of one batch to one subscriber, signed by the Standard Webhooks convention afresh on each
// attempt (a retry carries the same webhook-id and a new webhook-timestamp, so receivers that refuse
// stale timestamps still take it). Anything but a 2xx is a failure the job retries: 3xx too (redirects
// are not followed: the signature is for this URL's receiver, not wherever it points).
import type { WebhookSubscriber } from "@vss-mirror/config";
import { type FeedChange, webhookHeaders } from "@vss-mirror/feed";

/** What a receiver gets, as JSON. */
export interface WebhookPayload {
  /** The `webhook-id` header: the same on every retry of this batch; drop ids you have processed. */
  deliveryId: string;
  /** The subscriber's id in WEBHOOKS_FILE. */
  subscriber: string;
  /** In commit order; each carries its own cursor. */
  changes: FeedChange[];
  /** The cursor after this batch (the last change's). */
  next: string;
}

/** The receiver answered something other than 2xx. */
export class WebhookStatusError extends Error {
  override name = "WebhookStatusError";
  constructor(
    readonly subscriberId: string,
    readonly status: number,
  ) {
    super(`webhook receiver of subscriber ${subscriberId} answered HTTP ${status}; will retry`);
  }
}

/** The receiver could not be reached, or did not answer in time. */
export class WebhookUnreachableError extends Error {
  override name = "WebhookUnreachableError";
  constructor(subscriberId: string, cause: unknown) {
    // The cause's message names the failure (ECONNREFUSED, timeout), never the secret.
    const reason =
      cause instanceof Error
        ? cause.cause instanceof Error
          ? cause.cause.message
          : cause.message
        : String(cause);
    super(`webhook receiver of subscriber ${subscriberId} could not be reached (${reason}); will retry`, {
      cause,
    });
  }
}

export async function deliverBatch(
  subscriber: WebhookSubscriber,
  payload: WebhookPayload,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<number> {
  const body = JSON.stringify(payload);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(subscriber.url, {
      method: "POST",
      body,
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        "user-agent": "vss-mirror-webhooks",
        ...webhookHeaders(subscriber.secret, payload.deliveryId, body),
      },
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
    });
  } catch (error) {
    throw new WebhookUnreachableError(subscriber.id, error);
  }
  // Read (and drop) the body so the connection can be reused.
  await response.arrayBuffer().catch(() => {});
  if (response.status < 200 || response.status > 299)
    throw new WebhookStatusError(subscriber.id, response.status);
  return response.status;
}
