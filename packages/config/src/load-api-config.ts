import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { type Env, parseVar, readVar, requireVar } from "./env-value.js";
import { type ApiToken, readApiTokensFile } from "./read-api-tokens-file.js";
import { nonEmpty, nonNegativeInt, port } from "./schemas.js";

/**
 * Whom the API believes about the client's address, scheme and host (fastify's `trustProxy`): `true`
 * for any proxy, or a comma-separated list of proxy addresses/CIDRs.
 */
export type TrustProxy = boolean | string;

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
  /**
   * `API_JWT_SECRET`: the HS256 key of the JWTs `/auth/request-token` hands out (at least 32 characters).
   * Default: unset, and then each process makes a random one at start: its JWTs die with it and are not
   * accepted by other replicas. A secret: never log or print it.
   */
  jwtSecret?: string;
  /** `API_TOKEN_RATE_LIMIT`: token requests per username per minute, 0 for no limit. Default: 5 (the upstream's). */
  tokenRateLimit?: number;
  /** `TRUST_PROXY`. Default: unset (false): urls are built from the API's own scheme and the Host header. */
  trustProxy?: TrustProxy;
}

const jwtSecret = z.string().min(32);

/** "true"/"false", or addresses/CIDRs, as fastify's trustProxy takes them. */
const trustProxy = z.string().transform((value): TrustProxy => {
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  return value;
});

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
  const settings: ApiSettings = {
    host: parseVar(env, "API_HOST", nonEmpty, { expected: "a host name", fallback: "0.0.0.0" }),
    port: parseVar(env, "API_PORT", port, { expected: "a port number from 0 to 65535", fallback: 8080 }),
    tokens,
    cacheEntries: parseVar(env, "API_CACHE_ENTRIES", nonNegativeInt, {
      expected: "a non-negative integer",
      fallback: 1000,
    }),
    tokenRateLimit: parseVar(env, "API_TOKEN_RATE_LIMIT", nonNegativeInt, {
      expected: "a non-negative integer",
      fallback: 5,
    }),
  };
  // Not trimmed beyond what parseVar does: the secret is used as written.
  const secret = readVar(env, "API_JWT_SECRET");
  if (secret !== undefined) {
    parseVar(env, "API_JWT_SECRET", jwtSecret, { expected: "at least 32 characters", secret: true });
    settings.jwtSecret = secret;
  }
  const proxy = parseVar(env, "TRUST_PROXY", trustProxy, {
    expected: "true, false, or proxy addresses/CIDRs",
  });
  if (proxy !== undefined) settings.trustProxy = proxy;
  return settings;
}
