// On a terminal, `sync --once` shows its progress line and results, not pino's info lines breaking into
// them; LOG_LEVEL still asks for them. Run under a real pseudo-terminal (util-linux `script`), as a
// person at a terminal runs it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MAIN } from "./run-cli.js";

let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
const root = mkdtempSync(join(tmpdir(), "vss-tty-"));

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  sim = await startSimulator({ tokenRateLimit: false });
});
afterAll(async () => {
  await sim?.close();
  await testDb?.drop();
  rmSync(root, { recursive: true, force: true });
});

/** Runs the CLI with stdin, stdout and stderr on one pseudo-terminal; resolves with what it showed. */
function onTerminal(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, MAIN, ...args].map((word) => `'${word}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(
      "script",
      ["--quiet", "--return", "--flush", "--command", command, join(root, "typescript")],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TERM: "dumb", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let screen = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (screen += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (screen += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, screen }));
  });
}

describe("sync --once on a terminal", () => {
  const env = () => ({
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    VSS_PASSWORD: "alice-password",
    DATABASE_URL: testDb.url,
  });

  it("shows the progress line and the summary, and no info log lines", async () => {
    const run = await onTerminal(["sync", "--once", "--scope", "public"], env());
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toMatch(/public {2}\d+\/\d+ pages {2}[\d,]+\/[\d,]+ items/);
    expect(run.screen).toMatch(/public: succeeded \(run \d+\)/);
    expect(run.screen).not.toContain('"level":30');
    expect(run.screen).not.toContain("sync run started");
  });

  it("shows them with LOG_LEVEL=info, as asked", async () => {
    const run = await onTerminal(["sync", "--once", "--scope", "public"], { ...env(), LOG_LEVEL: "info" });
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).toContain("sync run started");
  });
});
