// Which modules a CLI process loaded, from the file record-modules.mjs writes (see there).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** `node --import <this>` records every module the process loads into $RECORD_MODULES_FILE. */
export const RECORDER = pathToFileURL(fileURLToPath(new URL("record-modules.mjs", import.meta.url))).href;

const REPO = pathToFileURL(fileURLToPath(new URL("../../../", import.meta.url))).href;

/** The module URLs recorded in `file`, each once (builtins as `node:...`). */
export function loadedModules(file: string): string[] {
  return [...new Set(readFileSync(file, "utf8").split("\n").filter(Boolean))];
}

const DIST = pathToFileURL(fileURLToPath(new URL("../dist/", import.meta.url))).href;
const CONTENTS = fileURLToPath(new URL("../dist/bundle-contents.json", import.meta.url));

/** What each file of the CLI's bundle holds (scripts/bundle.mjs writes it): file in dist/ -> packages. */
function bundleContents(): Record<string, string[]> {
  return existsSync(CONTENTS) ? (JSON.parse(readFileSync(CONTENTS, "utf8")) as Record<string, string[]>) : {};
}

/**
 * The packages those modules belong to, sorted: `node_modules/<name>` (the last one in the path, for
 * pnpm's store) or a workspace folder (apps/cli is @vss-mirror/cli: every folder is named after its
 * package); a file of the CLI's bundle counts as every package bundled into it. Builtins are left out.
 */
export function loadedPackages(modules: string[]): string[] {
  const names = new Set<string>();
  const bundled = bundleContents();
  for (const url of modules) {
    const inBundle = url.startsWith(DIST) ? bundled[url.slice(DIST.length)] : undefined;
    if (inBundle) {
      for (const name of inBundle) names.add(name);
      continue;
    }
    const inNodeModules = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    const inWorkspace = url.startsWith(REPO)
      ? /^(?:apps|packages)\/([^/]+)\//.exec(url.slice(REPO.length))
      : null;
    if (inNodeModules) names.add(inNodeModules[1]!);
    else if (inWorkspace) names.add(`@vss-mirror/${inWorkspace[1]}`);
  }
  return [...names].sort();
}
