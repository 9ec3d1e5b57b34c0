import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const SECRET = "hunter2-do-not-print";
const VALID = {
  VSS_API_URL: "http://127.0.0.1:9",
  VSS_USERNAME: "alice",
  VSS_PASSWORD: SECRET,
  DATABASE_URL: `postgres://postgres:${SECRET}@127.0.0.1:9/none`,
};

describe("invalid configuration", () => {
  it("exits 2 with one line naming the variable, before connecting to anything", async () => {
    const run = await runCli(["sync", "--once"], { ...VALID, VSS_TIMEOUT_MS: "abc" });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('VSS_TIMEOUT_MS must be a positive integer (got "abc")\n');
    expect(run.stdout).toBe("");
  });

  it("names a missing required variable", async () => {
    const run = await runCli(["sync", "--once"], { ...VALID, VSS_PASSWORD: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^VSS_PASSWORD is required/);
  });

  it("never prints a password, even the one inside a rejected DATABASE_URL", async () => {
    const run = await runCli(["migrate"], {
      ...VALID,
      DATABASE_URL: `mysql://root:${SECRET}@127.0.0.1/x`,
      LOG_LEVEL: "debug",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://root:***@127.0.0.1/x")\n',
    );
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("names a bad accounts file without printing its contents", async () => {
    const run = await runCli(["sync", "--once"], {
      ...VALID,
      VSS_ACCOUNTS_FILE: "/nonexistent/accounts.json",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("VSS_ACCOUNTS_FILE: cannot read /nonexistent/accounts.json (ENOENT)\n");
  });

  it("rejects a command's configuration only for what it uses: status needs no VSS account nor DATABASE_URL", async () => {
    // Without DATABASE_URL it reads the data folder, and a reader never creates one.
    const folder = join(tmpdir(), `vss-no-mirror-${process.pid}`);
    const run = await runCli(["status"], { VSS_MIRROR_DATA_DIR: folder });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        `vss-mirror: there is no mirror in ${folder} yet: run \`vss-mirror mirror\` first, ` +
        "or point VSS_MIRROR_DATA_DIR at another data folder, or DATABASE_URL at a server\n",
    });
    expect(existsSync(folder)).toBe(false);
  });
});

describe("usage errors", () => {
  it.each([
    [["bogus"], /unknown command 'bogus'/],
    [["sync"], /sync needs --once or --via-queue/],
    [["sync", "--once", "--via-queue"], /cannot be used with/],
    [["status", "--limit", "0"], /expected a positive integer/],
    [["migrate", "--force"], /unknown option '--force'/],
  ])("%j exits 2 with commander's message", async (args, message) => {
    const run = await runCli(args, VALID);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("an unknown --scope exits 1 naming it and listing the known scopes, before connecting", async () => {
    for (const mode of ["--once", "--via-queue"]) {
      const run = await runCli(["sync", mode, "--scope", "everything"], {
        ...VALID,
        REDIS_URL: "redis://127.0.0.1:9",
      });
      expect(run).toEqual({
        code: 1,
        stdout: "",
        stderr: 'vss-mirror: unknown scope "everything": the known scopes are public, personal, all, alice\n',
      });
    }
  });

  it("--help exits 0 and lists the commands", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/migrate[\s\S]*sync[\s\S]*status/);
  });
});
