#!/usr/bin/env node
// Runs every package's tests through turbo, then sums the per-package vitest JSON reports into the one
// line CI reads: `tests: N passed, N failed`. A package whose tests crashed before writing a report
// counts as one failure, so a broken suite can never look green.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packageDirs = ["apps", "packages"].flatMap((group) =>
  existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
);
const withTests = packageDirs.filter((dir) => {
  const file = join(dir, "package.json");
  return existsSync(file) && JSON.parse(readFileSync(file, "utf8")).scripts?.test;
});
const reportOf = (dir) => join(dir, "test-results", "vitest.json");
for (const dir of withTests) rmSync(reportOf(dir), { force: true });

const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "test", "--concurrency=1", "--continue", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
  },
);

let passed = 0;
let failed = 0;
for (const dir of withTests) {
  const file = reportOf(dir);
  if (!existsSync(file)) {
    console.error(`no test report from ${dir.slice(root.length)}: its test run crashed or did not start`);
    failed += 1;
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
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(code);
