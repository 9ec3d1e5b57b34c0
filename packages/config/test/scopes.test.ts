import { describe, expect, it } from "vitest";
import { accountFor, ConfigError, scopesFor, vssClientOptions } from "../src/index.js";

const alice = { username: "alice", password: "pw-a" };
const bob = { username: "bob", password: "pw-b", otp: "111111" };

describe("scopesFor", () => {
  it("maps each selection to its scopes, public first", () => {
    expect(scopesFor("public", [alice, bob])).toEqual(["public"]);
    expect(scopesFor("personal", [alice, bob])).toEqual(["alice", "bob"]);
    expect(scopesFor("all", [alice, bob])).toEqual(["public", "alice", "bob"]);
    expect(scopesFor("personal", [])).toEqual([]);
  });
});

describe("accountFor", () => {
  it("syncs the public catalogue as the primary account", () => {
    expect(accountFor("public", [alice, bob])).toBe(alice);
  });

  it("syncs a personal scope as its own account", () => {
    expect(accountFor("bob", [alice, bob])).toBe(bob);
  });

  it("throws ConfigError for an unknown scope or no account at all", () => {
    expect(() => accountFor("carol", [alice])).toThrow(ConfigError);
    expect(() => accountFor("carol", [alice])).toThrow('no VSS account "carol" is configured');
    expect(() => accountFor("public", [])).toThrow(ConfigError);
  });
});

describe("vssClientOptions", () => {
  it("carries the settings and the account, optional caps only when set", () => {
    expect(vssClientOptions({ apiUrl: "https://vss", timeoutMs: 100, retries: 1 }, alice)).toEqual({
      baseUrl: "https://vss",
      username: "alice",
      password: "pw-a",
      timeoutMs: 100,
      retries: 1,
    });
    expect(
      vssClientOptions(
        { apiUrl: "https://vss", timeoutMs: 100, retries: 1, maxConcurrency: 2, requestsPerSecond: 3 },
        bob,
      ),
    ).toEqual({
      baseUrl: "https://vss",
      username: "bob",
      password: "pw-b",
      otp: "111111",
      timeoutMs: 100,
      retries: 1,
      maxConcurrency: 2,
      requestsPerSecond: 3,
    });
  });

  it("refuses an account without a password", () => {
    expect(() =>
      vssClientOptions({ apiUrl: "https://vss", timeoutMs: 1, retries: 0 }, { username: "x", password: "" }),
    ).toThrow(ConfigError);
  });
});
