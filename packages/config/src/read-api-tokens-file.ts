import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { readJsonArrayFile } from "./read-json-array-file.js";

const VARIABLE = "API_TOKENS_FILE";

/** One bearer token of the cache API. The token is a secret: never log or print it. */
export interface ApiToken {
  /** The secret the client sends as `Authorization: Bearer <token>`. At least 16 characters. */
  token: string;
  /** Who holds it; answered as `meta.user` and used in logs instead of the token. */
  name: string;
  /** The personal scope (a VSS username) that `/v2/user/image/iso` serves for it; none when absent. */
  user?: string;
}

// Strict, so that a misspelt key ("usr") is an error rather than a token silently without a scope.
const tokenSchema = z.strictObject({
  token: z.string().min(16),
  name: z.string().trim().min(1),
  user: z.string().trim().min(1).optional(),
});

/**
 * Reads the API tokens file: a JSON array of `{ "token", "name", "user"? }`. Errors name the file, the
 * entry index (0-based) and the key, never a value: tokens are secrets, and so is the text around a JSON
 * syntax error (V8's message quotes it).
 */
export function readApiTokensFile(path: string): ApiToken[] {
  const data = readJsonArrayFile(VARIABLE, path, "tokens");
  const tokens = data.map((entry, index): ApiToken => {
    const result = tokenSchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      const key = issue && issue.path.length > 0 ? `"${issue.path.join(".")}"` : "the entry";
      const what =
        issue?.code === "too_small"
          ? key === '"token"'
            ? `${key} must be at least 16 characters`
            : `${key} must not be empty`
          : issue?.code === "unrecognized_keys"
            ? `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (expected token, name, user)`
            : `${key} is missing or not a string`;
      throw new ConfigError(VARIABLE, `${VARIABLE}: ${path}, entry ${index}: ${what}`);
    }
    const { token, name, user } = result.data;
    return user === undefined ? { token, name } : { token, name, user };
  });
  const seen = new Set<string>();
  tokens.forEach((entry, index) => {
    // Two entries with one token would make the caller's identity (and scope) ambiguous.
    if (seen.has(entry.token)) {
      throw new ConfigError(VARIABLE, `${VARIABLE}: ${path}, entry ${index}: token is listed twice`);
    }
    seen.add(entry.token);
  });
  return tokens;
}
