// The cache API's own variables: the JWT key (a secret, so never echoed), the token rate limit and
// TRUST_PROXY.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadApiConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "api-config-"));
const tokens = join(dir, "tokens.json");
writeFileSync(tokens, JSON.stringify([{ token: "a-token-of-16-characters-or-more", name: "t" }]));
const load = (env: Record<string, string>) => loadApiConfig({ API_TOKENS_FILE: tokens, ...env });

function failure(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadApiConfig", () => {
  it("leaves the JWT key and TRUST_PROXY unset, and limits token requests to 5 by default", () => {
    const settings = load({});
    expect(settings.jwtSecret).toBeUndefined();
    expect(settings.trustProxy).toBeUndefined();
    expect(settings.tokenRateLimit).toBe(5);
  });

  it("takes API_JWT_SECRET of 32 characters or more, and refuses a shorter one without showing it", () => {
    const secret = "x".repeat(31) + "!";
    expect(load({ API_JWT_SECRET: secret }).jwtSecret).toBe(secret);
    const error = failure({ API_JWT_SECRET: "short-secret" });
    expect(error.variable).toBe("API_JWT_SECRET");
    expect(error.message).toBe("API_JWT_SECRET must be at least 32 characters");
  });

  it.each([
    ["true", true],
    ["false", false],
    ["10.0.0.5,10.1.0.0/16", "10.0.0.5,10.1.0.0/16"],
  ] as const)("reads TRUST_PROXY=%s", (value, expected) => {
    expect(load({ TRUST_PROXY: value }).trustProxy).toBe(expected);
  });

  it("reads API_TOKEN_RATE_LIMIT, 0 meaning none, and refuses a non-integer", () => {
    expect(load({ API_TOKEN_RATE_LIMIT: "0" }).tokenRateLimit).toBe(0);
    expect(failure({ API_TOKEN_RATE_LIMIT: "five" }).variable).toBe("API_TOKEN_RATE_LIMIT");
  });
});
