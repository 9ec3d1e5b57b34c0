// WEBHOOKS_FILE: subscribers are validated at start, and no error ever quotes a secret.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "vss-webhooks-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
// Standard Webhooks secrets: "whsec_" and the base64 of the key bytes (the prefix is optional).
const SECRET = `whsec_${Buffer.from("hunter2-very-secret-key-bytes!!").toString("base64")}`;
const BARE = Buffer.from("another-key-of-24-bytes-or-more").toString("base64");

function load(content: unknown) {
  const file = join(dir, `hooks-${n++}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return () => loadConfig({ WEBHOOKS_FILE: file }, []);
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("WEBHOOKS_FILE", () => {
  it("reads subscribers and the delivery settings' defaults", () => {
    const config = load([
      { id: "crm", url: "https://hooks.example.com/vss", secret: SECRET },
      {
        id: "cmdb.v2",
        url: "http://10.0.0.5:8080/",
        secret: BARE,
        scopes: ["alice", "public"],
        from: "beginning",
      },
    ])();
    expect(config.webhooks).toEqual({
      subscribers: [
        // No scopes: the public catalogue only; no from: changes from now on.
        { id: "crm", url: "https://hooks.example.com/vss", secret: SECRET, scopes: ["public"], from: "end" },
        {
          id: "cmdb.v2",
          url: "http://10.0.0.5:8080/",
          secret: BARE,
          scopes: ["alice", "public"],
          from: "beginning",
        },
      ],
      batchSize: 100,
      attempts: 15,
      backoffMs: 10_000,
      timeoutMs: 10_000,
      dispatchIntervalMs: 60_000,
    });
    expect(loadConfig({}, []).webhooks.subscribers).toEqual([]);
  });

  it.each([
    [
      "a duplicate id",
      [
        { id: "a", url: "https://x.test/", secret: SECRET },
        { id: "a", url: "https://y.test/", secret: SECRET },
      ],
      /entry 1 \(subscriber "a"\): id "a" is listed twice/,
    ],
    [
      "an ftp url",
      [{ id: "a", url: "ftp://x.test/", secret: SECRET }],
      /entry 0 \(subscriber "a"\): "url" must be an http/,
    ],
    [
      "credentials in the url",
      [{ id: "a", url: `https://u:${SECRET}@x.test/`, secret: SECRET }],
      /"url" must be/,
    ],
    [
      "an empty secret",
      [{ id: "a", url: "https://x.test/", secret: "" }],
      /"secret" must be a non-empty string/,
    ],
    [
      "a plain-text secret (not base64)",
      [{ id: "crm", url: "https://x.test/", secret: "hunter2-very-secret" }],
      /entry 0 \(subscriber "crm"\): "secret" is not base64; it must be a Standard Webhooks secret: "whsec_"/,
      "hunter2-very-secret",
    ],
    [
      "a secret of too few bytes",
      [
        { id: "a", url: "https://x.test/", secret: SECRET },
        { id: "short", url: "https://x.test/", secret: "whsec_c2hvcnQ=" },
      ],
      /entry 1 \(subscriber "short"\): "secret" is too short \(5 bytes\)/,
      "whsec_c2hvcnQ=",
    ],
    [
      "a secret of too many bytes",
      [{ id: "long", url: "https://x.test/", secret: `whsec_${"A".repeat(88)}` }],
      /entry 0 \(subscriber "long"\): "secret" is too long \(66 bytes\)/,
      "A".repeat(88),
    ],
    [
      "a from that is neither end nor beginning",
      [{ id: "a", url: "https://x.test/", secret: SECRET, from: "start" }],
      /subscriber "a"\): "from" must be "end" .* or "beginning"/,
    ],
    ["an id with a colon", [{ id: "a:b", url: "https://x.test/", secret: SECRET }], /"id" must be/],
    ["an unknown key", [{ id: "a", url: "https://x.test/", secret: SECRET, scret: SECRET }], /unknown key/],
    [
      "scopes that are not an array",
      [{ id: "a", url: "https://x.test/", secret: SECRET, scopes: "alice" }],
      /entry 0 \(subscriber "a"\): "scopes" must be a non-empty array of scopes/,
    ],
    [
      "an empty list of scopes",
      [{ id: "a", url: "https://x.test/", secret: SECRET, scopes: [] }],
      /entry 0 \(subscriber "a"\): "scopes" must be a non-empty array of scopes/,
    ],
    [
      "an empty scope",
      [
        { id: "a", url: "https://x.test/", secret: SECRET },
        { id: "b", url: "https://x.test/", secret: SECRET, scopes: ["public", ""] },
      ],
      /entry 1 \(subscriber "b"\): "scopes.1" must be a string of 1 to 200 characters/,
    ],
    [
      "a scope that is not a string",
      [{ id: "a", url: "https://x.test/", secret: SECRET, scopes: [7] }],
      /entry 0 \(subscriber "a"\): "scopes.0" must be a string/,
    ],
    [
      "a scope listed twice",
      [{ id: "a", url: "https://x.test/", secret: SECRET, scopes: ["alice", "public", "alice"] }],
      /entry 0 \(subscriber "a"\): "scopes" lists "alice" twice/,
    ],
    ["not an array", { id: "a" }, /must contain a JSON array/],
    ["invalid JSON", `[{"id": "a", "secret": "${SECRET}"`, /is not valid JSON/],
  ])("refuses %s, naming the variable and never the secret", (_what, content, message, secret?: string) => {
    const error = errorOf(load(content));
    expect(error.variable).toBe("WEBHOOKS_FILE");
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(SECRET);
    if (secret !== undefined) expect(error.message).not.toContain(secret);
  });

  it("refuses a bad delivery setting", () => {
    expect(errorOf(() => loadConfig({ WEBHOOK_ATTEMPTS: "0" }, [])).variable).toBe("WEBHOOK_ATTEMPTS");
    expect(errorOf(() => loadConfig({ WEBHOOK_BACKOFF_MS: "soon" }, [])).variable).toBe("WEBHOOK_BACKOFF_MS");
  });
});
