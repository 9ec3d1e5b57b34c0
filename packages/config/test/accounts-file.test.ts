import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, readAccountsFile } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "vss-config-"));
let files = 0;

function accountsFile(content: unknown): string {
  const path = join(dir, `accounts-${files++}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

function failure(path: string): ConfigError {
  try {
    loadConfig(
      { VSS_API_URL: "https://vss", VSS_USERNAME: "alice", VSS_PASSWORD: "pw-a", VSS_ACCOUNTS_FILE: path },
      ["vss"],
    );
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("loadConfig did not throw");
}

describe("VSS_ACCOUNTS_FILE", () => {
  it("adds the file's accounts after the primary one", () => {
    const path = accountsFile([
      { username: "bob", password: "pw-b" },
      { username: "carol", password: "pw-c", otp: "654321" },
    ]);
    const config = loadConfig(
      { VSS_API_URL: "https://vss", VSS_USERNAME: "alice", VSS_PASSWORD: "pw-a", VSS_ACCOUNTS_FILE: path },
      ["vss"],
    );
    expect(config.accounts).toEqual([
      { username: "alice", password: "pw-a" },
      { username: "bob", password: "pw-b" },
      { username: "carol", password: "pw-c", otp: "654321" },
    ]);
  });

  it("is read without the vss section, so the scheduler knows every scope", () => {
    const path = accountsFile([{ username: "bob", password: "pw-b" }]);
    expect(loadConfig({ VSS_ACCOUNTS_FILE: path }, []).accounts.map((a) => a.username)).toEqual(["bob"]);
  });

  it.each([
    ["a missing password", [{ username: "bob" }], 'entry 0: "password" is missing'],
    ["an empty password", [{ username: "bob", password: "" }], 'entry 0: "password" must not be empty'],
    ["a numeric password", [{ username: "bob", password: 1234 }], 'entry 0: "password" must be a string'],
    [
      "a misspelt key",
      [
        { username: "bob", password: "pw-b" },
        { username: "carol", pasword: "pw-c" },
      ],
      "entry 1: ",
    ],
    ["a non-object entry", ["bob:pw-b"], "entry 0: must be an object, not a string"],
    [
      "the reserved name public",
      [{ username: "public", password: "pw-x" }],
      'entry 0: username must not be "public"',
    ],
    [
      "a duplicate of the primary",
      [{ username: "ALICE", password: "pw-x" }],
      'entry 0: username "ALICE" is listed twice',
    ],
    [
      "a duplicate within the file",
      [
        { username: "bob", password: "pw-b" },
        { username: "bob", password: "pw-x" },
      ],
      'entry 1: username "bob" is listed twice',
    ],
  ])("rejects %s, naming the file and the entry", (_what, content, expected) => {
    const path = accountsFile(content);
    const error = failure(path);
    expect(error.variable).toBe("VSS_ACCOUNTS_FILE");
    expect(error.message).toContain(`VSS_ACCOUNTS_FILE: ${path}, ${expected}`);
    for (const secret of ["pw-b", "pw-c", "pw-x", "pw-a", "1234", "bob:pw-b"]) {
      expect(error.message).not.toContain(secret);
    }
  });

  it("does not quote the file when its JSON is invalid (V8's message would)", () => {
    const path = accountsFile('[{"username": "bob", "password": "pw-b",}]');
    const error = failure(path);
    expect(error.message).toBe(`VSS_ACCOUNTS_FILE: ${path} is not valid JSON`);
    expect(error.cause).toBeUndefined();
  });

  it("rejects a file that is not an array", () => {
    const path = accountsFile({ bob: "pw-b" });
    expect(failure(path).message).toBe(`VSS_ACCOUNTS_FILE: ${path} must contain a JSON array of accounts`);
  });

  it("names a file that cannot be read", () => {
    const path = join(dir, "missing.json");
    expect(() => readAccountsFile(path)).toThrow(`VSS_ACCOUNTS_FILE: cannot read ${path} (ENOENT)`);
  });
});
