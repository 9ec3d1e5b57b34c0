import { ConfigError } from "./config-error.js";
import { type Env, parseVar, requireVar } from "./env-value.js";
import { type ApiToken, readApiTokensFile } from "./read-api-tokens-file.js";
import { nonEmpty, nonNegativeInt, port } from "./schemas.js";

/** Settings of the cache API (`apps/api`). */
export interface ApiSettings {
  /** `API_HOST`. Default: 0.0.0.0. */
  host: string;
  /** `API_PORT` (0 picks a free port). Default: 8080. */
  port: number;
  /** From `API_TOKENS_FILE` (required, at least one token). */
  tokens: ApiToken[];
  /** `API_CACHE_ENTRIES`: responses kept in memory per process, 0 for none. Default: 1000. */
  cacheEntries: number;
}

/**
 * Validates the API's own variables (pass process.env from the app's env.ts). Separate from loadConfig
 * because no other app needs them, and the tokens file is required here only.
 */
export function loadApiConfig(env: Env): ApiSettings {
  const file = requireVar(env, "API_TOKENS_FILE", "a JSON file of bearer tokens").trim();
  const tokens = readApiTokensFile(file);
  if (tokens.length === 0) {
    throw new ConfigError("API_TOKENS_FILE", `API_TOKENS_FILE: ${file} lists no tokens; add at least one`);
  }
  return {
    host: parseVar(env, "API_HOST", nonEmpty, { expected: "a host name", fallback: "0.0.0.0" }),
    port: parseVar(env, "API_PORT", port, { expected: "a port number from 0 to 65535", fallback: 8080 }),
    tokens,
    cacheEntries: parseVar(env, "API_CACHE_ENTRIES", nonNegativeInt, {
      expected: "a non-negative integer",
      fallback: 1000,
    }),
  };
}
