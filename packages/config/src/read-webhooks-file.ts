import { Webhook } from "standardwebhooks";
import { z } from "zod";
import type { WebhookSubscriber } from "./app-config.js";
import { ConfigError } from "./config-error.js";
import { readJsonArrayFile } from "./read-json-array-file.js";

const VARIABLE = "WEBHOOKS_FILE";

// Ids end up in BullMQ job ids and delivery ids, which must not contain ":" (BullMQ's key separator).
const ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Where a subscriber without a cursor yet starts: the feed's end (only what comes next) or its beginning. */
export const WEBHOOK_STARTS = ["end", "beginning"] as const;

/** Key bytes of a secret: the Standard Webhooks spec asks for "between 24 bytes and 64 bytes". */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const SECRET_PREFIX = "whsec_";

/** What a subscriber receives when its entry names no scopes: the public catalogue only. */
export const DEFAULT_WEBHOOK_SCOPES: readonly string[] = ["public"];

const subscriberSchema = z.strictObject({
  id: z.string().regex(ID),
  url: z.string().refine(isWebhookUrl),
  secret: z.string().min(1),
  // As long as the change feed's `scope` parameter may be.
  scopes: z.array(z.string().min(1).max(200)).min(1).optional(),
  from: z.enum(WEBHOOK_STARTS).optional(),
});

/**
 * Reads the webhook subscribers file: a JSON array of `{ "id", "url", "secret", "scopes"?, "from"? }`.
 * Ids are unique, letters, digits, `.`, `_` and `-`; urls are http(s) without credentials in them (fetch
 * refuses those; the signature authenticates the sender instead); secrets are Standard Webhooks secrets
 * (see {@link checkSecret}); scopes are "public" and/or usernames, each once
 * ({@link DEFAULT_WEBHOOK_SCOPES} when absent); `from` is "end" (the default) or "beginning". Errors name
 * the file, the entry index, the subscriber and the key, never a secret (a JSON syntax error's text,
 * which quotes the file, is dropped).
 */
export function readWebhooksFile(path: string): WebhookSubscriber[] {
  const data = readJsonArrayFile(VARIABLE, path, "subscribers");
  const seen = new Set<string>();
  return data.map((entry, index) => {
    const result = subscriberSchema.safeParse(entry);
    const at = `${VARIABLE}: ${path}, entry ${index}${subscriberName(entry)}`;
    if (!result.success) throw new ConfigError(VARIABLE, `${at}: ${describeIssue(result.error.issues[0])}`);
    const { id, url, secret, scopes = [...DEFAULT_WEBHOOK_SCOPES], from = "end" } = result.data;
    const badSecret = checkSecret(secret);
    if (badSecret !== undefined) throw new ConfigError(VARIABLE, `${at}: "secret" ${badSecret}`);
    if (seen.has(id))
      throw new ConfigError(VARIABLE, `${at}: id "${id}" is listed twice (ids must be unique)`);
    seen.add(id);
    const twice = scopes.find((scope, i) => scopes.indexOf(scope) !== i);
    if (twice !== undefined)
      throw new ConfigError(VARIABLE, `${at}: "scopes" lists ${JSON.stringify(twice)} twice`);
    return { id, url, secret, scopes, from };
  });
}

/** ` (subscriber "x")` when the entry has a well-formed id, so an error names whose entry is wrong. */
function subscriberName(entry: unknown): string {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === "string" && ID.test(id) ? ` (subscriber "${id}")` : "";
}

/**
 * Why `secret` is not a Standard Webhooks secret, or undefined when it is: `whsec_` (optional) then the
 * base64 of 24 to 64 bytes, which are the HMAC key. Checked with the same library that signs, so a
 * secret accepted here is one it can sign with. Plain-text secrets are refused rather than guessed at:
 * a word like "abcd" is valid base64 too, and would silently become another key.
 */
function checkSecret(secret: string): string | undefined {
  const hint = `must be a Standard Webhooks secret: "${SECRET_PREFIX}" followed by the base64 of ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes (make one with: node -e "console.log('${SECRET_PREFIX}' + require('crypto').randomBytes(32).toString('base64'))")`;
  try {
    new Webhook(secret);
  } catch {
    return `is not base64; it ${hint}`;
  }
  const bytes = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    "base64",
  );
  if (bytes.length < MIN_SECRET_BYTES) return `is too short (${bytes.length} bytes); it ${hint}`;
  if (bytes.length > MAX_SECRET_BYTES) return `is too long (${bytes.length} bytes); it ${hint}`;
  return undefined;
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
    return `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (expected id, url, secret, scopes, from)`;
  if (issue.path.length === 0) return "must be an object";
  switch (issue.path[0]) {
    case "id":
      return `${key} must be a string of 1 to 100 letters, digits, ".", "_" or "-"`;
    case "url":
      return `${key} must be an http:// or https:// URL without a user name or password in it`;
    case "secret":
      return `${key} must be a non-empty string`;
    case "from":
      return `${key} must be "end" (only changes from now on, the default) or "beginning" (the whole history first)`;
    case "scopes":
      return issue.path.length > 1
        ? `${key} must be a string of 1 to 200 characters: "public" or a VSS username`
        : `${key} must be a non-empty array of scopes ("public" and/or VSS usernames); leave it out for ["public"]`;
    default:
      return `${key} is invalid`;
  }
}
