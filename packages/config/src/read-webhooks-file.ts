import { z } from "zod";
import type { WebhookSubscriber } from "./app-config.js";
import { ConfigError } from "./config-error.js";
import { readJsonArrayFile } from "./read-json-array-file.js";

const VARIABLE = "WEBHOOKS_FILE";

// Ids end up in BullMQ job ids and delivery ids, which must not contain ":" (BullMQ's key separator).
const ID = /^[A-Za-z0-9._-]{1,100}$/;

/** What a subscriber receives when its entry names no scopes: the public catalogue only. */
export const DEFAULT_WEBHOOK_SCOPES: readonly string[] = ["public"];

const subscriberSchema = z.strictObject({
  id: z.string().regex(ID),
  url: z.string().refine(isWebhookUrl),
  secret: z.string().min(1),
  // As long as the change feed's `scope` parameter may be.
  scopes: z.array(z.string().min(1).max(200)).min(1).optional(),
});

/**
 * Reads the webhook subscribers file: a JSON array of `{ "id", "url", "secret", "scopes"? }`. Ids are
 * unique, letters, digits, `.`, `_` and `-`; urls are http(s) without credentials in them (fetch refuses
 * those; put credentials in the secret's HMAC instead); scopes are "public" and/or usernames, each once
 * ({@link DEFAULT_WEBHOOK_SCOPES} when absent). Errors name the file, the entry index and the key, never
 * a secret (a JSON syntax error's text, which quotes the file, is dropped).
 */
export function readWebhooksFile(path: string): WebhookSubscriber[] {
  const data = readJsonArrayFile(VARIABLE, path, "subscribers");
  const seen = new Set<string>();
  return data.map((entry, index) => {
    const at = `${VARIABLE}: ${path}, entry ${index}`;
    const result = subscriberSchema.safeParse(entry);
    if (!result.success) throw new ConfigError(VARIABLE, `${at}: ${describeIssue(result.error.issues[0])}`);
    const { id, url, secret, scopes = [...DEFAULT_WEBHOOK_SCOPES] } = result.data;
    if (seen.has(id))
      throw new ConfigError(VARIABLE, `${at}: id "${id}" is listed twice (ids must be unique)`);
    seen.add(id);
    const twice = scopes.find((scope, i) => scopes.indexOf(scope) !== i);
    if (twice !== undefined)
      throw new ConfigError(VARIABLE, `${at}: "scopes" lists ${JSON.stringify(twice)} twice`);
    return { id, url, secret, scopes };
  });
}

function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ["http:", "https:"].includes(url.protocol) && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/** From the issue's path and kind only: zod's own messages may quote the input, a secret included. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "is invalid";
  const key = issue.path.length > 0 ? `"${issue.path.join(".")}"` : "the entry";
  if (issue.code === "unrecognized_keys")
    return `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (expected id, url, secret, scopes)`;
  if (issue.path.length === 0) return "must be an object";
  switch (issue.path[0]) {
    case "id":
      return `${key} must be a string of 1 to 100 letters, digits, ".", "_" or "-"`;
    case "url":
      return `${key} must be an http:// or https:// URL without a user name or password in it`;
    case "secret":
      return `${key} must be a non-empty string`;
    case "scopes":
      return issue.path.length > 1
        ? `${key} must be a string of 1 to 200 characters: "public" or a VSS username`
        : `${key} must be a non-empty array of scopes ("public" and/or VSS usernames); leave it out for ["public"]`;
    default:
      return `${key} is invalid`;
  }
}
