// How a webhook receiver knows a delivery came from this mirror: HMAC-SHA256 of the raw request body
// with the subscriber's secret, hex-encoded, in a header, as GitHub's webhooks do
// (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
import { createHmac, timingSafeEqual } from "node:crypto";

/** Header names of a delivery (lower case, as node:http presents them). */
export const WEBHOOK_HEADERS = {
  /** The delivery id, the same on every retry of one batch: receivers drop ids they have processed. */
  delivery: "x-vss-mirror-delivery",
  /** `sha256=<hex HMAC-SHA256(secret, raw body)>`. */
  signature: "x-vss-mirror-signature",
} as const;

/** The signature header's value for `body` (the exact bytes sent). */
export function signWebhookBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * True when `header` is the signature of `body` (the raw bytes received, before any JSON parsing) under
 * `secret`. Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string | Buffer,
  header: string | undefined,
): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signWebhookBody(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
