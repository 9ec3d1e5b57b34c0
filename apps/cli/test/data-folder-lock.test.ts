// One process at a time on an embedded data folder: a second `mirror` is told at once which process
// holds it (or waits its turn with --wait), and a lock left by a killed process is taken over.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAIN, runCli } from "./run-cli.js";

const root = mkdtempSync(join(tmpdir(), "vss-lock-"));
const dataDir = join(root, "pglite");
const lockFile = join(dataDir, "vss-mirror.lock");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts `mirror` on the folder and resolves once it holds the lock, with its exit as a promise. */
async function holder(): Promise<{ pid: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [MAIN, "mirror"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", VSS_MIRROR_DATA_DIR: dataDir },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  for (let i = 0; i < 200 && !existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 25));
  expect(existsSync(lockFile)).toBe(true);
  return { pid: child.pid!, exited };
}

describe("the data folder's one writer", () => {
  it("a second process gets an immediate one-line error naming the folder and the holder's pid", async () => {
    const first = await holder();
    const began = performance.now();
    const second = await runCli(["mirror"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr).toMatch(
      new RegExp(
        `^vss-mirror: the data folder ${dataDir} is in use by another vss-mirror process \\(pid ${first.pid}, "vss-mirror mirror", since .*\\): .*pass --wait\\n$`,
      ),
    );
    expect(await first.exited).toBe(0);
  });

  it("with --wait, waits its turn with a message, then runs after the holder (never interleaved)", async () => {
    const first = await holder();
    const second = await runCli(["mirror", "--wait"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(await first.exited).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(
      `waiting for pid ${first.pid} ("vss-mirror mirror") to release the data folder...\n`,
    );
    // Each run is whole: the second is a resync with its own run numbers after the first's.
    expect(second.stdout).toMatch(/^public: resync \(run \d+\)/m);
  });

  it("takes over a lock left by a process that died", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: Number(dead.stdout),
        host: hostname(),
        command: "vss-mirror mirror",
        since: "2026-01-01T00:00:00Z",
      }),
    );
    const run = await runCli(["mirror"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });
});
