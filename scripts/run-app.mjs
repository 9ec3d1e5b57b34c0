#!/usr/bin/env node
// `node scripts/run-app.mjs <app entry> [args...]`: what the root scripts `pnpm vss-mirror`, `pnpm mirror`,
// `pnpm worker`, `pnpm scheduler`, `pnpm api` and `pnpm simulator` run. It builds the entry's package and
// its workspace dependencies if their sources changed (ensure-built.mjs: a few ms when nothing did), then
// runs the compiled entry (e.g. apps/cli/dist/main.js) in this same process, with the arguments after it:
// no second process, so signals sent to this one reach the app. Plain node throughout, never tsx.
// The root scripts start it as `exec node scripts/run-app.mjs ...`: the shell pnpm runs a script in is
// replaced by this process, so the SIGTERM pnpm forwards to its child reaches the app (a shell in between
// would die of it and leave the app running), and pnpm exits with the app's code.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BuildError, ensureBuilt } from "./ensure-built.mjs";

const root = resolve(import.meta.dirname, "..");
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write("usage: node scripts/run-app.mjs <app entry, e.g. apps/cli/dist/main.js> [args...]\n");
  process.exit(2);
}
const entry = resolve(root, entryArg);

try {
  await ensureBuilt(packageDirOf(entry), {
    // A first build takes a while: say why the terminal is quiet. Scripts and logs get nothing extra.
    onBuild: (name, reason) => {
      if (process.stderr.isTTY) process.stderr.write(`building ${name} (${reason})...\n`);
    },
  });
} catch (error) {
  if (!(error instanceof BuildError)) throw error;
  process.stderr.write(`${error.output}${error.message}; not started\n`);
  process.exit(1);
}
if (!existsSync(entry)) {
  process.stderr.write(`${relative(root, entry)} does not exist after building its package\n`);
  process.exit(1);
}

// As if started as `node <entry> [args...]`: the app reads its arguments from process.argv.
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);

/** The nearest folder above `file` with a package.json. */
function packageDirOf(file) {
  for (let dir = dirname(file); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`${relative(root, file)} is not inside a workspace package`);
}
