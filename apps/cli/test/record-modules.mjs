// Preloaded with `node --import <this file>`: writes every module the process loads to the file named
// by RECORD_MODULES_FILE, one URL a line. ES modules are recorded as the loader resolves them (a hook,
// in Node's loader thread); CommonJS modules from require.cache at exit, since Node 20's hooks do not
// see `require`. Plain JavaScript, so that the process under test runs no TypeScript tooling at all.
import { appendFileSync, writeFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import process from "node:process";
import { pathToFileURL } from "node:url";

const file = process.env.RECORD_MODULES_FILE;
if (!file) throw new Error("record-modules.mjs: set RECORD_MODULES_FILE to the file to write");
writeFileSync(file, "");
register("./record-modules-hooks.mjs", import.meta.url, { data: { file } });

const { cache } = createRequire(import.meta.url);
process.on("exit", () => {
  appendFileSync(
    file,
    Object.keys(cache)
      .map((path) => `${pathToFileURL(path).href}\n`)
      .join(""),
  );
});
