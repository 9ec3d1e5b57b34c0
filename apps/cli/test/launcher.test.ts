// The root scripts run compiled JavaScript through scripts/run-app.mjs, which builds first only when a
// source is newer than the last build. The rebuild cases run in a copy of the workspace (its files, and
// links to the installed node_modules), so the real tree is never edited or rebuilt under other tests.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadedModules, loadedPackages, RECORDER } from "./loaded-modules.js";
import { spawnProcess } from "./run-cli.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

const run = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
  spawnProcess(command, args, cwd, env).done;

describe("pnpm vss-mirror", () => {
  const records = mkdtempSync(join(tmpdir(), "vss-mirror-launcher-"));
  afterAll(() => rmSync(records, { recursive: true, force: true }));

  it("runs the compiled CLI under plain node: dist/main.js, no tsx, no TypeScript", async () => {
    // Once without the recorder, so that a build it may need (turbo, tsc) is not recorded.
    expect((await run("pnpm", ["--silent", "vss-mirror", "--help"], REPO)).code).toBe(0);
    const file = join(records, "modules.txt");
    const help = await run("pnpm", ["--silent", "vss-mirror", "--help"], REPO, {
      NODE_OPTIONS: `--import=${RECORDER}`,
      RECORD_MODULES_FILE: file,
    });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: vss-mirror/);
    const modules = loadedModules(file);
    expect(modules).toContain(pathToFileURL(join(REPO, "scripts/run-app.mjs")).href);
    expect(modules).toContain(pathToFileURL(join(REPO, "apps/cli/dist/main.js")).href);
    expect(modules.filter((url) => /\/tsx\/|\.[cm]?ts$/.test(url))).toEqual([]);
    expect(loadedPackages(modules)).toEqual(["@vss-mirror/cli", "commander"]);
  });
});

describe("scripts/run-app.mjs in a copy of the workspace", () => {
  let copy: string;
  const simulatorHelp = () =>
    run(process.execPath, ["scripts/run-app.mjs", "packages/simulator/dist/cli.js", "--help"], copy);
  const stampTime = () => statSync(join(copy, "packages/simulator/dist/.build-stamp")).mtimeMs;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "vss-mirror-workspace-"));
    // Tracked and new files as they are now; dist/ and node_modules/ are ignored, so not copied.
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: REPO,
      encoding: "utf8",
    }).split("\0");
    for (const file of files.filter((name) => name && existsSync(join(REPO, name)))) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(REPO, file), join(copy, file));
    }
    // pnpm's per-package node_modules hold relative links into the root's: link the root's, copy those.
    symlinkSync(join(REPO, "node_modules"), join(copy, "node_modules"));
    for (const file of files.filter((name) => /^(apps|packages|tooling)\/[^/]+\/package\.json$/.test(name))) {
      const modules = join(REPO, dirname(file), "node_modules");
      if (existsSync(modules)) {
        cpSync(modules, join(copy, dirname(file), "node_modules"), {
          recursive: true,
          verbatimSymlinks: true,
        });
      }
    }
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("builds a package that was never built, then runs it", async () => {
    expect(existsSync(join(copy, "packages/simulator/dist"))).toBe(false);
    const help = await simulatorHelp();
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Simulated VSS Cloud API v2 for tests, benchmarks and demos");
    expect(existsSync(join(copy, "packages/simulator/dist/cli.js"))).toBe(true);
  }, 180_000);

  it("skips the build when no source is newer than the last build", async () => {
    const before = stampTime();
    const help = await simulatorHelp();
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(stampTime()).toBe(before);
  });

  it("rebuilds after a source file changes, and runs the new code", async () => {
    const before = stampTime();
    const cli = join(copy, "packages/simulator/src/cli.ts");
    writeFileSync(cli, readFileSync(cli, "utf8").replace("for tests, benchmarks and demos", "(edited)"));
    const help = await simulatorHelp();
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Simulated VSS Cloud API v2 (edited)");
    expect(stampTime()).toBeGreaterThan(before);
  }, 180_000);

  it("shows turbo's output and exits 1 without starting the app when the build fails", async () => {
    const cli = join(copy, "packages/simulator/src/cli.ts");
    writeFileSync(cli, `${readFileSync(cli, "utf8")}\nconst broken: number = "not a number";\n`);
    const help = await simulatorHelp();
    expect(help.code).toBe(1);
    expect(help.stdout).toBe("");
    expect(help.stderr).toMatch(/src\/cli\.ts\(\d+,\d+\): error TS2322/);
    expect(help.stderr).toMatch(/could not build @vss-mirror\/simulator .*; not started\n$/);
  }, 180_000);
});
