#!/usr/bin/env node
// `pnpm test`: finds PostgreSQL and Redis once (packages/test-services/discover.mjs: DATABASE_URL and
// REDIS_URL, else the local default ports, else testcontainers), runs every package's tests through
// turbo with what it found, then sums the per-package vitest JSON reports into the one line CI reads,
// printed last: `tests: N passed, N failed`. A suite that could not run (no services, a package whose
// run crashed before writing its report, a file that failed to load) counts as failed, so a broken
// suite can never look green.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { discoverServices, MissingServicesError } from "../packages/test-services/discover.mjs";

const root = new URL("..", import.meta.url).pathname;
const packageDirs = ["apps", "packages"].flatMap((group) =>
  existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
);
const withTests = packageDirs.filter((dir) => {
  const file = join(dir, "package.json");
  return existsSync(file) && JSON.parse(readFileSync(file, "utf8")).scripts?.test;
});
const reportOf = (dir) => join(dir, "test-results", "vitest.json");

/** The test files of a package (the patterns of vitest.shared.ts), at least 1: what a crash cost. */
function suiteCount(dir) {
  const files = ["test", "src"].flatMap((sub) =>
    existsSync(join(dir, sub))
      ? readdirSync(join(dir, sub), { recursive: true }).filter((f) => String(f).endsWith(".test.ts"))
      : [],
  );
  return Math.max(files.length, 1);
}

let services;
try {
  services = await discoverServices(process.env);
} catch (error) {
  if (!(error instanceof MissingServicesError)) throw error;
  console.error(error.message);
  const notRun = withTests.reduce((sum, dir) => sum + suiteCount(dir), 0);
  finish(`tests: 0 passed, ${notRun} failed`, 1);
}

// Only now, with services to run on, are the last run's reports cleared: a run that stops for want of
// services (test-services' own test starts one) must not wipe the reports of the run around it.
for (const dir of withTests) rmSync(reportOf(dir), { force: true });
const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "test", "--concurrency=1", "--continue", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl },
  },
);
await services.stop();

let passed = 0;
let failed = 0;
for (const dir of withTests) {
  const file = reportOf(dir);
  if (!existsSync(file)) {
    const count = suiteCount(dir);
    console.error(`no test report from ${dir.slice(root.length)}: its ${count} test file(s) did not run`);
    failed += count;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load has no tests to count; count it so it cannot hide.
  failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
}
const code = turbo.status ?? 1;
if (code !== 0 && failed === 0) failed = 1;
finish(`tests: ${passed} passed, ${failed} failed`, code);

/**
 * Prints the summary as the last line and exits. After a failing script pnpm prints its own
 * `[ELIFECYCLE] Test failed` line, which no pnpm setting turns off; so when the output goes to a pipe
 * or a file (CI, a log), the summary is written by a small process that outlives this one and waits
 * for pnpm to exit first. Readers of a pipe see it last because they read until every writer is gone.
 * On a terminal it is printed right here: a line after the shell's prompt would be worse.
 */
function finish(summary, exitCode) {
  const pnpm = exitCode !== 0 && !process.stdout.isTTY ? pnpmAncestor() : undefined;
  if (pnpm === undefined) {
    console.log(summary);
    process.exit(exitCode);
  }
  spawn(process.execPath, [join(root, "scripts", "print-after-exit.mjs"), String(pnpm), summary], {
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
  }).unref();
  process.exit(exitCode);
}

/** The pid of the pnpm process that runs this script (through `sh -c`), if any (Linux /proc only). */
function pnpmAncestor() {
  if (!process.env.npm_config_user_agent?.startsWith("pnpm/")) return undefined;
  let pid = process.ppid;
  for (let depth = 0; depth < 3 && pid > 1; depth += 1) {
    const stat = readStat(pid);
    if (stat === undefined) return undefined;
    if (stat.name === "pnpm") return pid;
    pid = stat.parent;
  }
  return undefined;
}

function readStat(pid) {
  try {
    const match = /^\d+ \((.*)\) \S (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"));
    return match ? { name: match[1], parent: Number(match[2]) } : undefined;
  } catch {
    return undefined;
  }
}
