#!/usr/bin/env node
// `node scripts/ensure-built.mjs <package folder>`, or ensureBuilt() from scripts/run-app.mjs: makes sure
// a workspace package and the workspace packages it depends on at run time are built from their current
// sources, so that `pnpm vss-mirror`, `pnpm worker`... never run stale JavaScript after an edit.
//
// The check is cheap (a few ms: the mtimes of each package's src/ tree, package.json and
// tsconfig.build.json, and of tooling/, against a stamp in its dist/), so it runs on every start. Only when
// something is newer, or a stamp is missing, does it run `turbo run build --filter=<package>...`, which
// builds just those packages (and their own build dependencies), from turbo's cache where it can. Its
// output is shown only if it fails.
//
// The stamp (dist/.build-stamp) is written after a successful build with the time the build *started*:
// a file saved while turbo ran is newer than that, so the next start builds again. It is ours, not tsc's
// or turbo's: tsc does not rewrite what did not change and turbo does not touch outputs it restores from
// cache, so their files' times cannot say "built from these sources".
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");
/** Folders holding workspace packages (as in pnpm-workspace.yaml), and the shared build settings. */
const WORKSPACE_GROUPS = ["apps", "packages", "tooling"];
const SHARED_INPUTS = ["tooling"];
const STAMP = join("dist", ".build-stamp");
const STAMP_TEXT =
  "Written by scripts/ensure-built.mjs after a successful build. Its mtime is when that build started;\n" +
  "a file of the package's sources newer than this makes the next `pnpm <app>` build again.\n";

/** The build failed: `output` is what turbo (and tsc under it) printed. */
export class BuildError extends Error {
  constructor(message, { output }) {
    super(message);
    this.name = "BuildError";
    this.output = output;
  }
}

/**
 * Builds the workspace package in `packageDir` (absolute, or relative to the repository root) when it or
 * one of its run-time workspace dependencies changed since the last build made here. Returns what it
 * did: `{ built: false }`, or `{ built: true, reason }` (reason names the first newer file, or the
 * missing stamp). Rejects with BuildError when the build fails.
 * @param {string} packageDir
 * @param {{ onBuild?: (name: string, reason: string) => void }} [options] onBuild: called before building
 *   (default: nothing).
 */
export async function ensureBuilt(packageDir, options = {}) {
  const workspace = readWorkspace();
  const target = workspace.byDir.get(resolve(ROOT, packageDir));
  if (!target) throw new Error(`${packageDir} is not a workspace package (no package.json)`);
  const packages = runtimeClosure(target, workspace.byName).filter((pkg) => pkg.manifest.scripts?.build);
  const shared = newestIn(SHARED_INPUTS.map((dir) => join(ROOT, dir)));

  let reason;
  const newest = new Map();
  for (const pkg of packages) {
    const inputs = newestIn([
      join(pkg.dir, "src"),
      join(pkg.dir, "package.json"),
      join(pkg.dir, "tsconfig.build.json"),
    ]);
    const latest = inputs.mtimeMs >= shared.mtimeMs ? inputs : shared;
    newest.set(pkg, latest.mtimeMs);
    if (reason !== undefined) continue;
    const stamp = mtimeOf(join(pkg.dir, STAMP));
    if (stamp === undefined) reason = `${relative(ROOT, pkg.dir)} has not been built here yet`;
    else if (latest.mtimeMs > stamp) reason = `${relative(ROOT, latest.path)} changed since the last build`;
  }
  if (reason === undefined) return { built: false };

  options.onBuild?.(target.manifest.name, reason);
  const startedAt = Date.now();
  await build(target.manifest.name);
  for (const pkg of packages) {
    // A file dated in the future (an archive, a clock change) must not make every start build again.
    const at = new Date(Math.max(startedAt, newest.get(pkg)));
    const file = join(pkg.dir, STAMP);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, STAMP_TEXT);
    utimesSync(file, at, at);
  }
  return { built: true, reason };
}

async function build(name) {
  const turbo = join(ROOT, "node_modules", ".bin", "turbo");
  if (!existsSync(turbo)) {
    throw new BuildError(`cannot build ${name}: turbo is not installed (run \`pnpm install\` first)`, {
      output: "",
    });
  }
  // Loaded only to build: every start pays for what is imported up here.
  const { spawnSync } = await import("node:child_process");
  const result = spawnSync(turbo, ["run", "build", `--filter=${name}...`, "--output-logs=errors-only"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `${result.error.message}\n` : ""}`;
    throw new BuildError(`could not build ${name} (turbo's output is above)`, { output });
  }
}

function readWorkspace() {
  const byName = new Map();
  const byDir = new Map();
  for (const group of WORKSPACE_GROUPS) {
    const groupDir = join(ROOT, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const dir = join(groupDir, entry.name);
      const file = join(dir, "package.json");
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const pkg = { dir, manifest: JSON.parse(readFileSync(file, "utf8")) };
      byName.set(pkg.manifest.name, pkg);
      byDir.set(dir, pkg);
    }
  }
  return { byName, byDir };
}

/** The package and every workspace package its `dependencies` reach (devDependencies are not run). */
function runtimeClosure(root, byName) {
  const seen = new Set([root]);
  for (const pkg of seen) {
    for (const [name, version] of Object.entries(pkg.manifest.dependencies ?? {})) {
      const dependency = byName.get(name);
      if (dependency && String(version).startsWith("workspace:")) seen.add(dependency);
    }
  }
  return [...seen];
}

/** The most recently modified file or folder under `paths` (a deletion changes its folder's mtime). */
function newestIn(paths) {
  let newest = { path: paths[0], mtimeMs: -Infinity };
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: stat.mtimeMs };
    if (!stat.isDirectory()) return;
    // Concatenated, not join()ed: this runs for every file at every start.
    for (const name of readdirSync(path)) if (name !== "node_modules") visit(`${path}/${name}`);
  };
  for (const path of paths) visit(path);
  return newest;
}

function mtimeOf(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [packageDir] = process.argv.slice(2);
  if (!packageDir) {
    process.stderr.write("usage: node scripts/ensure-built.mjs <package folder>\n");
    process.exit(2);
  }
  try {
    await ensureBuilt(packageDir);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    process.stderr.write(`${error.output}${error.message}\n`);
    process.exit(1);
  }
}
