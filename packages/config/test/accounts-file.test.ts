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

describe("two-factor accounts with a TOTP secret", () => {
  const SECRET = "JBSWY3DPEHPK3PXP";

  it("reads totpSecret from the file and VSS_TOTP_SECRET for the primary account", () => {
    const path = accountsFile([{ username: "carol", password: "pw-c", totpSecret: SECRET }]);
    const config = loadConfig(
      {
        VSS_API_URL: "https://vss",
        VSS_USERNAME: "alice",
        VSS_PASSWORD: "pw-a",
        VSS_TOTP_SECRET: "jbsw y3dp ehpk 3pxp",
        VSS_ACCOUNTS_FILE: path,
      },
      ["vss"],
    );
    expect(config.accounts).toEqual([
      { username: "alice", password: "pw-a", totpSecret: "jbsw y3dp ehpk 3pxp" },
      { username: "carol", password: "pw-c", totpSecret: SECRET },
    ]);
  });

  it("refuses an entry with both otp and totpSecret, or a secret that is not base32, without quoting it", () => {
    const both = failure(
      accountsFile([{ username: "bob", password: "pw-b", otp: "123456", totpSecret: SECRET }]),
    );
    expect(both.message).toMatch(/entry 0: give "otp" or "totpSecret", not both$/);
    const bad = failure(accountsFile([{ username: "bob", password: "pw-b", totpSecret: "s3cret!value" }]));
    expect(bad.message).toMatch(/entry 0: "totpSecret" is not a base32 string \(A-Z, 2-7\)$/);
    expect(bad.message).not.toContain("s3cret");
  });

  it("refuses VSS_OTP with VSS_TOTP_SECRET, and a VSS_TOTP_SECRET that is not base32", () => {
    const env = { VSS_API_URL: "https://vss", VSS_USERNAME: "alice", VSS_PASSWORD: "pw-a" };
    expect(() => loadConfig({ ...env, VSS_OTP: "123456", VSS_TOTP_SECRET: SECRET }, ["vss"])).toThrow(
      "set VSS_OTP or VSS_TOTP_SECRET, not both",
    );
    let error: unknown;
    try {
      loadConfig({ ...env, VSS_TOTP_SECRET: "s3cret!value" }, ["vss"]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: "VSS_TOTP_SECRET" });
    expect(String(error)).not.toContain("s3cret");
  });
});
