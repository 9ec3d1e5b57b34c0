// How a receiver knows a delivery came from this mirror: the Standard Webhooks convention
// (https://www.standardwebhooks.com/), signed with its reference library, so receivers verify with
// that library (or any other implementation) instead of code of ours.
import { Webhook } from "standardwebhooks";

/** Header names of a delivery (lower case, as node:http presents them). */
export const WEBHOOK_HEADERS = {
  /** The delivery id: the same on every retry of one batch, so receivers drop ids they have processed. */
  id: "webhook-id",
  /** When this attempt was signed, in whole seconds since the epoch; receivers refuse stale ones. */
  timestamp: "webhook-timestamp",
  /** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`. */
  signature: "webhook-signature",
} as const;

/**
 * The three signature headers of one attempt to send `body` (the exact bytes sent) under delivery `id`.
 * `secret` is a Standard Webhooks secret (`whsec_` + base64 key), as the configuration checked at start.
 */
export function webhookHeaders(
  secret: string,
  id: string,
  body: string,
  at: Date = new Date(),
): Record<(typeof WEBHOOK_HEADERS)[keyof typeof WEBHOOK_HEADERS], string> {
  return {
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: String(Math.floor(at.getTime() / 1000)),
    [WEBHOOK_HEADERS.signature]: new Webhook(secret).sign(id, at, body),
  };
}
