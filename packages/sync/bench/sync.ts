// `pnpm bench:sync [--items 100000] [--latency-ms 20] [--concurrency 8]`
// Cold mirror and no-op resync of the public catalogue, from the simulator (a child process, so this
// process's peak RSS is the syncing process's alone) into the real Postgres (DATABASE_URL's server,
// in a scratch database it creates and drops). Prints the figures recorded in BENCHMARKS.md.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { createTestDatabase } from "@vss-mirror/test-services";
import { VssClient } from "@vss-mirror/vss-client";
import { runSync, type SyncRunResult } from "../src/index.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    "latency-ms": { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
  },
});
const items = Number(values.items);
const latencyMs = Number(values["latency-ms"]);
const concurrency = Number(values.concurrency);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function startSimulatorProcess(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "packages/simulator/src/cli.ts",
      "--items",
      String(items),
      "--port",
      "0",
      "--latency-ms",
      String(latencyMs),
    ],
    { cwd: new URL("../../..", import.meta.url).pathname, stdio: ["ignore", "pipe", "inherit"] },
  );
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /listening on (http\S+)/.exec(line);
    if (match) return { url: match[1]!, stop: () => child.kill("SIGTERM") };
  }
  throw new Error("the simulator exited before listening");
}

/** Row versions (xmin) of every mirrored row: a row Postgres wrote gets a new one. */
async function rowVersions(pool: DatabaseHandle["pool"]): Promise<Map<string, string>> {
  const { rows } = await pool.query("select id::text, xmin::text from vss.iso_image_rows");
  return new Map(rows.map((row: { id: string; xmin: string }) => [row.id, row.xmin]));
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function main() {
  const sim = await startSimulatorProcess();
  const scratch = await createTestDatabase(serverUrl);
  const database = connectDatabase({ url: scratch.url, max: 2 });
  try {
    await migrateDatabase(database);
    const client = new VssClient({ baseUrl: sim.url, username: "alice", password: "alice-password" });
    const run = async (): Promise<SyncRunResult & { wallMs: number }> => {
      const began = performance.now();
      const result = await runSync({ database, client, scope: "public", trigger: "cli", concurrency });
      return { ...result, wallMs: performance.now() - began };
    };
    const rssBefore = process.resourceUsage().maxRSS;
    const cold = await run();
    const versions = await rowVersions(database.pool);
    const changesBefore = (await database.pool.query("select count(*)::int as n from vss.iso_image_changes"))
      .rows[0].n;
    const noop = await run();
    const after = await rowVersions(database.pool);
    let rewritten = [...after].filter(([id, xmin]) => versions.get(id) !== xmin).length;
    rewritten += after.size - versions.size;
    const changesAfter = (await database.pool.query("select count(*)::int as n from vss.iso_image_changes"))
      .rows[0].n;
    const peak = process.resourceUsage().maxRSS;
    const lines = [
      `items ${items}, latency ${latencyMs} ms/request, page concurrency ${concurrency}, node ${process.version}`,
      `cold mirror:    ${(cold.wallMs / 1000).toFixed(2)} s, ${Math.round(items / (cold.wallMs / 1000))} items/s, ` +
        `${cold.httpRequests} upstream requests (${cold.pages} pages), ${cold.inserted} inserted`,
      `no-op resync:   ${(noop.wallMs / 1000).toFixed(2)} s, ${noop.httpRequests} upstream requests, ` +
        `rows written: ${rewritten} iso rows + ${changesAfter - changesBefore} history rows`,
      `peak RSS:       ${mb(peak)} (at start of the runs: ${mb(rssBefore)})`,
    ];
    console.log(lines.join("\n"));
  } finally {
    await database.close();
    await scratch.drop();
    sim.stop();
  }
}

await main();
