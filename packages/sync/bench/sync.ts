// `pnpm bench:sync [--items 100000] [--latency-ms 20] [--concurrency 8]`
// Cold mirror and no-op resync of the public catalogue, from the simulator (a child process, so this
// process's peak RSS is the syncing process's alone) into the real Postgres (DATABASE_URL's server,
// in a scratch database it creates and drops). Prints the figures recorded in BENCHMARKS.md.
import { parseArgs } from "node:util";
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { spawnSimulator } from "@vss-mirror/simulator/spawn";
import { createTestDatabase } from "@vss-mirror/test-services";
import { VssClient } from "@vss-mirror/vss-client";
import { runSync, type SyncRunResult } from "../src/index.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    "latency-ms": { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
    "batch-items": { type: "string", default: "1000" },
  },
});
const items = Number(values.items);
const latencyMs = Number(values["latency-ms"]);
const concurrency = Number(values.concurrency);
const batchItems = Number(values["batch-items"]);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Counts mirrored rows that Postgres writes after this call, by row version: every row written later
 * carries a transaction id (xmin) above the current one. Nothing is held in this process's memory, so the
 * bookkeeping does not weigh on the RSS the bench measures. (Transaction ids wrap at 2^32; a bench does
 * not live that long.)
 */
async function rowWriteCounter(database: DatabaseHandle): Promise<() => Promise<number>> {
  const [row] = await database.query<{ xid: string }>("select (txid_current() % 4294967296)::text as xid");
  const since = row!.xid;
  return async () => {
    const [written] = await database.query<{ n: number }>(
      "select count(*)::int as n from vss.iso_image_rows where xmin::text::bigint > $1::bigint",
      [since],
    );
    return written!.n;
  };
}

async function historyRows(database: DatabaseHandle): Promise<number> {
  const [row] = await database.query<{ n: number }>("select count(*)::int as n from vss.iso_image_changes");
  return row!.n;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function main() {
  const sim = await spawnSimulator(["--items", String(items), "--latency-ms", String(latencyMs)]);
  const scratch = await createTestDatabase(serverUrl);
  const database = connectDatabase({ url: scratch.url, max: 3 });
  try {
    await migrateDatabase(database);
    const client = new VssClient({ baseUrl: sim.url, username: "alice", password: "alice-password" });
    const run = async (): Promise<SyncRunResult & { wallMs: number }> => {
      const began = performance.now();
      const result = await runSync({
        database,
        client,
        scope: "public",
        trigger: "cli",
        concurrency,
        batchItems,
      });
      return { ...result, wallMs: performance.now() - began };
    };
    const rssBefore = process.resourceUsage().maxRSS;
    const cold = await run();
    const rowsWrittenSince = await rowWriteCounter(database);
    const changesBefore = await historyRows(database);
    const noop = await run();
    const rewritten = await rowsWrittenSince();
    const changesAfter = await historyRows(database);
    const peak = process.resourceUsage().maxRSS;
    const lines = [
      `items ${items}, latency ${latencyMs} ms/request, page concurrency ${concurrency}, batch ${batchItems} items, node ${process.version}`,
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
