// `vss-mirror mirror` as a newcomer runs it: no DATABASE_URL, REDIS_URL or VSS_* (runCli passes none),
// so PGlite in a data folder and the built-in simulator; the second run is a resync of an evolved demo.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const root = mkdtempSync(join(tmpdir(), "vss-mirror-"));
const dataDir = join(root, "data", "pglite");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("vss-mirror mirror with no configuration", () => {
  it("first run: creates the PGlite folder, inserts the demo catalogue and both demo stores, exits 0", async () => {
    const run = await runCli(["mirror"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`mirror: embedded PostgreSQL (PGlite) in ${dataDir}\n`);
    expect(run.stdout).toMatch(/^upstream: built-in VSS simulator .*evolves between runs/m);
    expect(run.stdout).toMatch(/^public: first sync \(run 1\): inserted 224, updated 0, .* deleted 0, /m);
    expect(run.stdout).toMatch(/^alice: first sync \(run 2\): inserted 3,/m);
    expect(run.stdout).toMatch(/^bob: first sync \(run 3\): inserted 0,/m);
    expect(run.stdout).toContain("In the mirror: 227 live images (public 224; alice 3)\n");
    expect(run.stdout).toMatch(/^ {2}vss-ISOs +224$/m);
    expect(run.stdout).toMatch(/^ {2}vssUser-xfers +3$/m);
    expect(run.stdout).not.toContain("Changes in this run");
    // A PostgreSQL data directory, written by PGlite.
    expect(readFileSync(join(dataDir, "PG_VERSION"), "utf8").trim()).toMatch(/^\d+$/);
    expect(existsSync(join(dataDir, "base"))).toBe(true);
  });

  it("second run: a resync that names what the evolved demo upstream added, renamed and deleted", async () => {
    const run = await runCli(["mirror"], { VSS_MIRROR_DATA_DIR: dataDir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 change set applied/);
    expect(run.stdout).toMatch(
      /^public: resync \(run 4\): inserted 1, updated 1, restored 0, deleted 1, unchanged 222 /m,
    );
    const changes = run.stdout.slice(run.stdout.indexOf("Changes in this run:\n"));
    expect(changes.split("\n").slice(0, 8)).toEqual([
      "Changes in this run:",
      "  public:",
      "    added     vss-demo-1.iso",
      "    changed   VMware-tools-linux-12.3.0.iso -> VMware-tools-linux-12.3.0-r1.iso (name, updated_on)",
      "    deleted   AlmaLinux-9.4-x86_64-boot.iso",
      "  alice:",
      "    no changes upstream since the last run",
      "  bob:",
    ]);
    expect(run.stdout).toContain("In the mirror: 227 live images (public 224, 1 deleted; alice 3)\n");
  });

  it("a failure prints one line and exits 1", async () => {
    const file = join(root, "not-a-folder");
    writeFileSync(file, "");
    const run = await runCli(["mirror"], { VSS_MIRROR_DATA_DIR: join(file, "pglite") });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^vss-mirror: .*not-a-folder.*\n$/);
  });
});
