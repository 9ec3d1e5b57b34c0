// `pnpm bench:api [--items 100000] [--duration 20] [--cached-rate 1000] [--uncached-rate 200]
//   [--runs 200] [--cache 1000]`
// Mirrors a catalogue of `--items` from the simulator (a child process) into a scratch database on
// DATABASE_URL's server (created and dropped here), starts the API as its own process (`pnpm api`'s
// entry, so the load generator does not share its CPU time), and measures:
// - per kind of look-up, with the response cache off: `--runs` distinct queries one after another,
//   median and p99 latency (plain pages, prefix and infix `like`, `id,in` lists, id and date ranges,
//   filtered pages sorted by a date at any page, `like` on a date's text);
// - uncached load: `--uncached-rate` requests/s for `--duration` s, every request a distinct query
//   mixing those kinds, p50/p99;
// - cached load: one filtered, sorted page of 250 at `--cached-rate` requests/s with the response
//   cache on (as deployed), p50/p99;
// - each load twice: with autocannon (its `overallRate` sends each second's requests in a burst at the
//   start of the second, and it counts coordinated-omission samples), then evenly paced and open-loop
//   (paced-load.ts), which is what "N requests/s" means for a service's latency.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { connectDatabase, migrateDatabase } from "@vss-mirror/db";
import { spawnSimulator } from "@vss-mirror/simulator/spawn";
import { runSync } from "@vss-mirror/sync";
import { createTestDatabase } from "@vss-mirror/test-services";
import { VssClient } from "@vss-mirror/vss-client";
import autocannon from "autocannon";
import { type PacedResult, percentile } from "./paced-load.js";
import { queryKinds, type SampleItem } from "./query-kinds.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    duration: { type: "string", default: "20" },
    "cached-rate": { type: "string", default: "1000" },
    "uncached-rate": { type: "string", default: "200" },
    runs: { type: "string", default: "200" },
    cache: { type: "string", default: "1000" },
  },
});
const items = Number(values.items);
const cachedRate = Number(values["cached-rate"]);
const uncachedRate = Number(values["uncached-rate"]);
const runs = Number(values.runs);
const duration = Number(values.duration);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TOKEN = "bench-api-token-0123456789";
const PATH =
  "/v2/iso?filter=name,like,%25Linux%25;public,eq,true&sort=updated_on,desc&per_page=250&page=3&expand=1";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

async function startApi(
  databaseUrl: string,
  cacheEntries: number,
): Promise<{ url: string; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), "vss-api-bench-"));
  const tokensFile = join(dir, "tokens.json");
  writeFileSync(tokensFile, JSON.stringify([{ token: TOKEN, name: "bench" }]));
  const port = await freePort();
  // As `pnpm api` runs it: compiled, through the launcher that rebuilds it if its sources changed.
  const child = spawn(process.execPath, ["scripts/run-app.mjs", "apps/api/dist/main.js"], {
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_TOKENS_FILE: tokensFile,
      API_HOST: "127.0.0.1",
      API_PORT: String(port),
      API_CACHE_ENTRIES: String(cacheEntries),
      LOG_LEVEL: "warn",
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("the API did not become healthy");
}

const HEADERS = { authorization: `Bearer ${TOKEN}` };

async function load(url: string, rate: number, next?: () => string) {
  // Warm-up: plans, caches and JIT, as a running service would have.
  await autocannon({
    url: `${url}${PATH}`,
    headers: HEADERS,
    connections: 10,
    amount: 200,
    ...(next ? { requests: [{ setupRequest: (request) => ({ ...request, path: next() }) }] } : {}),
  });
  return autocannon({
    url: `${url}${PATH}`,
    headers: HEADERS,
    connections: 50,
    duration,
    overallRate: rate,
    ...(next ? { requests: [{ setupRequest: (request) => ({ ...request, path: next() }) }] } : {}),
  });
}

/** pacedLoad in its own process (paced-load-process.ts), with the paths it asks for made here. */
async function pacedProcess(
  url: string,
  rate: number,
  seconds: number,
  next: () => string,
): Promise<PacedResult> {
  const file = join(mkdtempSync(join(tmpdir(), "vss-api-paced-")), "options.json");
  const paths = Array.from({ length: Math.round(rate * seconds) }, next);
  writeFileSync(file, JSON.stringify({ url, headers: HEADERS, rate, durationSeconds: seconds, paths }));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./paced-load-process.ts", import.meta.url)), file],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`the paced load exited ${code}`);
  return JSON.parse(out) as PacedResult;
}

/** An evenly paced load (paced-load.ts) after a short warm-up, with the API's CPU per request. */
async function paced(url: string, rate: number, next: () => string): Promise<PacedResult & { cpu: number }> {
  await pacedProcess(url, rate, 2, next);
  const cpuBefore = await cpuSeconds(url);
  const result = await pacedProcess(url, rate, duration, next);
  const cpu = (((await cpuSeconds(url)) - cpuBefore) * 1000) / (rate * duration);
  return { ...result, cpu };
}

function pacedSummary(what: string, result: PacedResult & { cpu: number }): string {
  return (
    `${what}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(0)} ms, ` +
    `${result.achieved.toFixed(0)} req/s, ${result.non2xx} non-2xx, ${result.errors} errors, ` +
    `API cpu ${result.cpu.toFixed(2)} ms per request`
  );
}

/** Median and p99 of `runs` requests one after another, each a new query of the kind. */
async function perKind(
  url: string,
  next: () => string,
): Promise<{ p50: number; p99: number; total: number; cpu: number }> {
  for (let i = 0; i < 20; i++)
    await fetch(`${url}${next()}`, { headers: HEADERS }).then((r) => r.arrayBuffer());
  const cpuBefore = await cpuSeconds(url);
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const path = next();
    const began = performance.now();
    const response = await fetch(`${url}${path}`, { headers: HEADERS });
    const body = (await response.json()) as { meta?: { pages?: { total: number } } };
    times.push(performance.now() - began);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    total += body.meta?.pages?.total ?? 0;
  }
  // The API process's CPU time per request (its own metrics; one /metrics read is in it, a small part):
  // on a busy machine a steadier figure of the work per request than the wall-clock latency.
  const cpu = (((await cpuSeconds(url)) - cpuBefore) * 1000) / runs;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), total: Math.round(total / runs), cpu };
}

async function main() {
  const sim = await spawnSimulator(["--items", String(items)]);
  const scratch = await createTestDatabase(serverUrl);
  const database = connectDatabase({ url: scratch.url, max: 3 });
  const children: ChildProcess[] = [];
  try {
    await migrateDatabase(database);
    const client = new VssClient({ baseUrl: sim.url, username: "alice", password: "alice-password" });
    const began = performance.now();
    await runSync({ database, client, scope: "public", trigger: "cli", upstream: sim.url, concurrency: 8 });
    const mirrorSeconds = (performance.now() - began) / 1000;
    sim.stop();
    const sample = await database.query<SampleItem>(
      `select vss_id::int as id, name, updated_on from vss.iso_images
        where scope = 'public' and deleted_at is null order by random() limit 5000`,
    );
    const kinds = queryKinds(sample, items);
    const lines = [`items ${items}, mirrored in ${mirrorSeconds.toFixed(1)} s; node ${process.version}`];

    const uncached = await startApi(scratch.url, 0);
    children.push(uncached.child);
    // The first look-up of a scope waits for its index to load.
    const firstAt = performance.now();
    await fetch(`${uncached.url}${PATH}`, { headers: HEADERS }).then((r) => r.arrayBuffer());
    lines.push(
      `first uncached look-up (loads the scope's index): ${(performance.now() - firstAt).toFixed(0)} ms; ` +
        `API resident memory after it: ${await residentMb(uncached.url)} MB`,
    );
    lines.push(`per kind, response cache off, ${runs} distinct queries each, one at a time (ms):`);
    for (const [kind, next] of Object.entries(kinds)) {
      const { p50, p99, total, cpu } = await perKind(uncached.url, distinct(next));
      lines.push(
        `  ${kind.padEnd(16)} p50 ${p50.toFixed(2).padStart(6)}  p99 ${p99.toFixed(2).padStart(6)}  ` +
          `API cpu ${cpu.toFixed(2).padStart(5)} per request  (matches ~${total})`,
      );
    }
    const mixed = Object.values(kinds);
    let turn = 0;
    const result = await load(
      uncached.url,
      uncachedRate,
      distinct(() => mixed[turn++ % mixed.length]!()),
    );
    lines.push(
      summary(`uncached, every request a distinct query of the kinds above, ${uncachedRate} req/s`, result),
    );
    const pacedUncached = await paced(
      uncached.url,
      uncachedRate,
      distinct(() => mixed[turn++ % mixed.length]!()),
    );
    lines.push(pacedSummary(`  the same, evenly paced (open loop), ${uncachedRate} req/s`, pacedUncached));
    uncached.child.kill("SIGTERM");

    const cached = await startApi(scratch.url, Number(values.cache));
    children.push(cached.child);
    const cachedResult = await load(cached.url, cachedRate);
    lines.push(summary(`cached (${values.cache} entries), GET ${PATH}, ${cachedRate} req/s`, cachedResult));
    const pacedCached = await paced(cached.url, cachedRate, () => PATH);
    lines.push(pacedSummary(`  the same, evenly paced (open loop), ${cachedRate} req/s`, pacedCached));
    cached.child.kill("SIGTERM");
    console.log(lines.join("\n"));
  } finally {
    for (const child of children) child.kill("SIGTERM");
    sim.stop();
    await database.close();
    await scratch.drop();
  }
}

async function metric(url: string, name: string): Promise<number | undefined> {
  const text = await fetch(`${url}/metrics`, { headers: HEADERS }).then((r) => r.text());
  const value = new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text)?.[1];
  return value === undefined ? undefined : Number(value);
}

const cpuSeconds = async (url: string) => (await metric(url, "process_cpu_seconds_total")) ?? Number.NaN;

/** The API process's resident memory, from its Prometheus metrics. */
async function residentMb(url: string): Promise<string> {
  const bytes = await metric(url, "process_resident_memory_bytes");
  return bytes === undefined ? "?" : (bytes / 1_048_576).toFixed(0);
}

function summary(what: string, result: autocannon.Result): string {
  return (
    `${what}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, ` +
    `${result.requests.average} req/s, ${result.non2xx} non-2xx, ${result.errors} errors`
  );
}

/**
 * Wraps a generator so that it never gives the same path twice (the cache must never help). A kind
 * whose queries run out fails the bench, saying so, rather than spinning.
 */
function distinct(next: () => string): () => string {
  const seen = new Set<string>();
  return () => {
    for (let tries = 0; tries < 100_000; tries++) {
      const path = next();
      if (!seen.has(path)) {
        seen.add(path);
        return path;
      }
    }
    throw new Error(`the query generator ran out of distinct queries after ${seen.size}`);
  };
}

await main();
