// `pnpm build` runs this after tsc: dist/main.js (the `vss-mirror` bin) becomes one ES module bundle of the
// CLI and what it loads, with each lazily imported command split into a chunk of its own (dist/chunks/).
// Node resolves, reads and links some 400 separate files to start the unbundled CLI; the bundle starts
// in about half the CPU time, which every `sync --once` pays before its first request.
//
// Kept out of the bundle, and imported where they are installed: packages that find files beside their
// own modules (PGlite's wasm, BullMQ's Lua scripts, the simulator's CLI) or load native add-ons. A
// bundled workspace module keeps its own import.meta.url, so that the files it finds next to itself
// (the database migrations) are found there still.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const outdir = join(packageDir, "dist");
const root = join(here, "..", "..", "..");
const EXTERNAL = [
  "@electric-sql/pglite",
  "bullmq",
  "ioredis",
  "fastify",
  "pg-native",
  "@vss-mirror/simulator",
];
const isExternal = (path) => EXTERNAL.some((name) => path === name || path.startsWith(`${name}/`));

// Files outside the bundle are first named by absolute file URL, and each output file then gets them
// relative to itself: a build restored from turbo's cache into another checkout must still work.
const rootUrl = pathToFileURL(root).href;
const fileUrlLiteral = new RegExp(`"(${rootUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/[^"]+)"`, "g");
const relativeTo = (file) => (_, url) => {
  const path = relative(dirname(file), fileURLToPath(url)).split(sep).join("/");
  return JSON.stringify(path.startsWith(".") ? path : `./${path}`);
};

const keepInPlace = {
  name: "keep-in-place",
  setup(context) {
    // Resolved where the importing package finds it (pnpm installs each package's own dependencies
    // beside it): the CLI's own node_modules does not hold them all.
    context.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (!isExternal(args.path) || args.pluginData === "inner") return undefined;
      const found = await context.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: "inner",
      });
      // Not installed (pg-native, which pg loads only when asked to): left as it is, to fail at run time.
      if (found.errors.length > 0) return { path: args.path, external: true };
      return { path: pathToFileURL(found.path).href, external: true };
    });
    context.onLoad({ filter: /[/\\]packages[/\\][^/\\]+[/\\]dist[/\\].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const own = `new URL(${JSON.stringify(pathToFileURL(args.path).href)}, import.meta.url).href`;
      return { contents: source.replaceAll("import.meta.url", own), loader: "js" };
    });
  },
};

// node-postgres asks at load whether it runs in a Cloudflare Worker, by building a web Response: that
// loads Node's fetch (undici), some 15-20 ms of every start. The bundle only ever runs under Node.
const pgOnNode = {
  name: "pg-on-node",
  setup(context) {
    context.onLoad({ filter: /[/\\]pg[/\\]lib[/\\]stream\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const probe = "if (isCloudflareRuntime()) {";
      if (!source.includes(probe)) throw new Error(`pg-on-node: ${args.path} no longer holds "${probe}"`);
      return { contents: source.replace(probe, "if (false) {"), loader: "js" };
    });
  },
};

const result = await build({
  // The metafile's paths are relative to this.
  absWorkingDir: packageDir,
  entryPoints: { main: join(packageDir, "src", "main.ts") },
  outdir,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // The workspace packages as they run in production: their compiled dist/, not their sources.
  conditions: [],
  // Bundled CommonJS (pg, pino) calls require() for Node's own modules.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
  plugins: [keepInPlace, pgOnNode],
  write: false,
  metafile: true,
  logLevel: "warning",
});
await rm(join(outdir, "chunks"), { recursive: true, force: true });
// tsc's map of the main.js this replaces would point into the wrong file.
await rm(join(outdir, "main.js.map"), { force: true });
for (const file of result.outputFiles) {
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.text.replace(fileUrlLiteral, relativeTo(file.path)));
}

/** The package a bundled input belongs to: `node_modules/<name>` (the last one), or a workspace folder. */
function packageOf(input) {
  const inNodeModules = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (inNodeModules) return inNodeModules[1];
  const inWorkspace = /^(?:\.\.\/\.\.\/)?(?:apps|packages)\/([^/]+)\//.exec(input);
  if (inWorkspace) return `@vss-mirror/${inWorkspace[1]}`;
  return input.startsWith("src/") ? "@vss-mirror/cli" : undefined;
}

// Which packages each bundle file holds, for the tests that check which packages a command loads.
const contents = {};
for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
  const names = new Set(Object.keys(inputs).map(packageOf).filter(Boolean));
  contents[relative(outdir, join(packageDir, output)).split(sep).join("/")] = [...names].sort();
}
await writeFile(join(outdir, "bundle-contents.json"), `${JSON.stringify(contents, null, 1)}\n`);
