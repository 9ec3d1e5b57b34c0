// `pnpm bench:api [--items 100000] [--rate 500] [--duration 20] [--cache 1000]`
// Mirrors a 100,000-item catalogue from the simulator (a child process) into a scratch database on
// DATABASE_URL's server (created and dropped here), starts the API as its own process (`pnpm api`'s
// entry, so the load generator does not share its CPU time), then sends a filtered, sorted page of 250
// at a fixed rate with autocannon and prints p50/p99 latency and requests/s: once with the response
// cache on (as deployed), once with it off (every request queries Postgres).
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

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    rate: { type: "string", default: "500" },
    duration: { type: "string", default: "20" },
    cache: { type: "string", default: "1000" },
  },
});
const items = Number(values.items);
const rate = Number(values.rate);
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

async function load(url: string) {
  const headers = { authorization: `Bearer ${TOKEN}` };
  // Warm-up: plans, caches and JIT, as a running service would have.
  await autocannon({ url: `${url}${PATH}`, headers, connections: 10, amount: 200 });
  const result = await autocannon({
    url: `${url}${PATH}`,
    headers,
    connections: 20,
    duration,
    overallRate: rate,
  });
  return result;
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
    const lines = [
      `items ${items}, mirrored in ${mirrorSeconds.toFixed(1)} s; node ${process.version}; ${rate} req/s for ${duration} s`,
      `GET ${PATH}`,
    ];
    for (const cacheEntries of [Number(values.cache), 0]) {
      const api = await startApi(scratch.url, cacheEntries);
      children.push(api.child);
      const first = await fetch(`${api.url}${PATH}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = (await first.json()) as { meta: { count: number; pages: { total: number } } };
      const result = await load(api.url);
      lines.push(
        `cache ${cacheEntries === 0 ? "off" : `on (${cacheEntries})`}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
          `max ${result.latency.max} ms, ${result.requests.average} req/s, ${result.non2xx} non-2xx, ` +
          `${result.errors} errors (page of ${body.meta.count} of ${body.meta.pages.total} matches)`,
      );
      api.child.kill("SIGTERM");
    }
    console.log(lines.join("\n"));
  } finally {
    for (const child of children) child.kill("SIGTERM");
    sim.stop();
    await database.close();
    await scratch.drop();
  }
}

await main();
