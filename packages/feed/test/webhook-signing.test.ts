// Deliveries follow the Standard Webhooks convention: the reference library's verify, as a receiver
// calls it, accepts our headers for the exact body and secret, and nothing else.
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { expect, it } from "vitest";
import { webhookHeaders } from "../src/index.js";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const body = '{"deliveryId":"msg_x","changes":[]}';

it("signs id, timestamp and body so that the Standard Webhooks library verifies them", () => {
  const headers = webhookHeaders(secret, "msg_x", body);
  expect(Object.keys(headers).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
  expect(headers["webhook-id"]).toBe("msg_x");
  expect(Number(headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -1);
  expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  // The same key without the prefix is the same secret.
  expect(() => new Webhook(secret.slice("whsec_".length)).verify(body, headers)).not.toThrow();
});

it("is refused for another body, id, secret, or a timestamp older than five minutes", () => {
  const headers = webhookHeaders(secret, "msg_x", body);
  const other = `whsec_${randomBytes(32).toString("base64")}`;
  expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(/No matching signature/);
  expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_y" })).toThrow();
  expect(() => new Webhook(other).verify(body, headers)).toThrow(/No matching signature/);
  const stale = webhookHeaders(secret, "msg_x", body, new Date(Date.now() - 6 * 60_000));
  expect(() => new Webhook(secret).verify(body, stale)).toThrow(/too old/);
});
