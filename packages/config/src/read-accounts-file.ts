import { z } from "zod";
import type { VssAccount } from "./app-config.js";
import { ConfigError } from "./config-error.js";
import { isBase32 } from "./is-base32.js";
import { readJsonArrayFile } from "./read-json-array-file.js";

const VARIABLE = "VSS_ACCOUNTS_FILE";

// Strict, so that a misspelt key ("pasword") is an error rather than an account without a password.
const accountSchema = z.strictObject({
  username: z.string().trim().min(1),
  password: z.string().min(1),
  otp: z.string().trim().min(1).optional(),
  totpSecret: z.string().trim().min(1).optional(),
});

/**
 * Reads the accounts file: a JSON array of `{ "username", "password", "otp"?, "totpSecret"? }`. Errors name the file
 * and the entry index (0-based) and key, never a value: every value in this file is treated as secret,
 * including the text around a JSON syntax error (V8's SyntaxError message quotes it, so it is dropped).
 */
export function readAccountsFile(path: string): VssAccount[] {
  const data = readJsonArrayFile(VARIABLE, path, "accounts");
  return data.map((entry, index) => {
    const result = accountSchema.safeParse(entry);
    if (result.success) {
      const { username, password, otp, totpSecret } = result.data;
      const at = `${VARIABLE}: ${path}, entry ${index}`;
      if (otp !== undefined && totpSecret !== undefined) {
        throw new ConfigError(VARIABLE, `${at}: give "otp" or "totpSecret", not both`);
      }
      if (totpSecret !== undefined && !isBase32(totpSecret)) {
        throw new ConfigError(VARIABLE, `${at}: "totpSecret" is not a base32 string (A-Z, 2-7)`);
      }
      const account: VssAccount = { username, password };
      if (otp !== undefined) account.otp = otp;
      if (totpSecret !== undefined) account.totpSecret = totpSecret;
      return account;
    }
    const issue = result.error.issues[0];
    throw new ConfigError(VARIABLE, `${VARIABLE}: ${path}, entry ${index}: ${describeIssue(issue, entry)}`);
  });
}

/** Built from the issue's path and kind only: zod's own messages may quote the input. */
function describeIssue(issue: z.core.$ZodIssue | undefined, entry: unknown): string {
  if (!issue) return "is invalid";
  const key = issue.path.length > 0 ? `"${issue.path.join(".")}"` : "the entry";
  switch (issue.code) {
    case "invalid_type":
      if (issue.path.length === 0) return `must be an object, not ${describeType(entry)}`;
      return isMissing(entry, issue.path[0]) ? `${key} is missing` : `${key} must be a ${issue.expected}`;
    case "too_small":
      return `${key} must not be empty`;
    case "unrecognized_keys":
      return `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (expected username, password, otp, totpSecret)`;
    default:
      return `${key} is invalid`;
  }
}

function isMissing(entry: unknown, key: PropertyKey | undefined): boolean {
  return typeof entry === "object" && entry !== null && key !== undefined && !(key in entry);
}

function describeType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
