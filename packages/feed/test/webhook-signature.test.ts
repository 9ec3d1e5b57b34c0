// The signature a receiver checks: HMAC-SHA256 of the raw body, hex, prefixed "sha256=".
import { createHmac } from "node:crypto";
import { expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature } from "../src/index.js";

it("signs the raw body with HMAC-SHA256 and verifies only the exact bytes and secret", () => {
  const body = '{"deliveryId":"x","changes":[]}';
  const signature = signWebhookBody("s3cret", body);
  expect(signature).toBe(`sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
  expect(verifyWebhookSignature("s3cret", body, signature)).toBe(true);
  expect(verifyWebhookSignature("s3cret", Buffer.from(body), signature)).toBe(true);
  expect(verifyWebhookSignature("other", body, signature)).toBe(false);
  expect(verifyWebhookSignature("s3cret", `${body} `, signature)).toBe(false);
  expect(verifyWebhookSignature("s3cret", body, undefined)).toBe(false);
  expect(verifyWebhookSignature("s3cret", body, "sha256=00")).toBe(false);
});
