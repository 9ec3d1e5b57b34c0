// `pnpm bench:sync [--items 100000] [--latency-ms 20] [--runs 5] [--concurrency 8]`
// Measures what a user runs: the CLI as its own process, `vss-mirror sync --once --scope public`, against
// the simulator (its own process, every request held `--latency-ms`) into the real Postgres (a scratch
// database beside DATABASE_URL's, created and dropped per run): a cold mirror into a migrated, empty
// database, then a no-op resync. In the same runs, a plain sequential next_url walker followed by COPY
// (plain-walker.ts), the script a user would write instead; and `vss-mirror --help`. Prints medians and
// ranges, the figures BENCHMARKS.md records.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { spawnSimulator } from "@vss-mirror/simulator/spawn";
import { createTestDatabase } from "@vss-mirror/test-services";
import pg from "pg";
import { measureProcess, type ProcessRun } from "./measure-process.js";
import { plainWalker } from "./plain-walker.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    "latency-ms": { type: "string", default: "20" },
    runs: { type: "string", default: "5" },
    concurrency: { type: "string" },
  },
});
const items = Number(values.items);
const runs = Number(values.runs);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const CLI = join(workspaceRoot(fileURLToPath(import.meta.url)), "apps/cli/dist/main.js");

/** The folder holding pnpm-workspace.yaml, above `from` (this file runs compiled, from dist-bench/). */
function workspaceRoot(from: string): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
  }
  throw new Error(`no pnpm-workspace.yaml above ${from}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]) =>
  `median ${seconds(median(xs))} (${seconds(Math.min(...xs))}-${seconds(Math.max(...xs))}, ${xs.length} runs)`;

function cli(args: string[], env: Record<string, string>): Promise<ProcessRun> {
  return measureProcess(process.execPath, [CLI, ...args], {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    LOG_LEVEL: "warn",
    ...env,
  });
}

/** Mirror rows written since `since` (a transaction id): every row version written later has a larger xmin. */
async function rowsWrittenSince(databaseUrl: string, since: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select (select count(*) from vss.iso_image_rows where xmin::text::bigint > $1::bigint)::int
            + (select count(*) from vss.iso_image_changes where xmin::text::bigint > $1::bigint)::int as n`,
      [since],
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

async function currentXid(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ xid: string }>("select (txid_current() % 4294967296)::text as xid");
    return rows[0]!.xid;
  } finally {
    await client.end();
  }
}

function checked(run: ProcessRun, what: string): { inserted: number; walk: string } {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
  const scope = (JSON.parse(run.stdout) as { scopes: { inserted: number; walk: string }[] }).scopes[0]!;
  return scope;
}

async function main() {
  // No token limit: every run logs in (the CLI twice, the plain walker once), five runs in a minute.
  const sim = await spawnSimulator([
    "--items",
    String(items),
    "--latency-ms",
    values["latency-ms"]!,
    "--token-rate-limit",
    "0",
  ]);
  const cold: number[] = [];
  const noop: number[] = [];
  const plain: number[] = [];
  const rss: number[] = [];
  const written: number[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const scratch = await createTestDatabase(serverUrl);
      const env = {
        DATABASE_URL: scratch.url,
        VSS_API_URL: sim.url,
        VSS_USERNAME: "alice",
        VSS_PASSWORD: "alice-password",
        ...(values.concurrency ? { SYNC_CONCURRENCY: values.concurrency } : {}),
      };
      try {
        const migrate = await cli(["migrate"], env);
        if (migrate.code !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);
        const sync = ["sync", "--once", "--scope", "public", "--json", "--no-progress"];
        const first = await cli(sync, env);
        const firstResult = checked(first, "cold sync");
        if (firstResult.inserted !== items)
          throw new Error(`cold sync inserted ${firstResult.inserted} of ${items}`);
        const since = await currentXid(scratch.url);
        const second = await cli(sync, env);
        checked(second, "no-op resync");
        written.push(await rowsWrittenSince(scratch.url, since));
        cold.push(first.wallMs);
        noop.push(second.wallMs);
        rss.push(Math.max(first.peakRssKb ?? 0, second.peakRssKb ?? 0));
      } finally {
        await scratch.drop();
      }
      const yardstick = await createTestDatabase(serverUrl);
      try {
        const walked = await plainWalker(sim.url, yardstick.url);
        if (walked.items !== items) throw new Error(`plain walker saw ${walked.items} of ${items}`);
        plain.push(walked.wallMs);
      } finally {
        await yardstick.drop();
      }
      console.error(
        `run ${run}: cold ${seconds(cold.at(-1)!)}, no-op ${seconds(noop.at(-1)!)}, plain walker ${seconds(plain.at(-1)!)}`,
      );
    }
  } finally {
    sim.stop();
  }
  const help: number[] = [];
  for (let i = 0; i < 11; i++) help.push((await cli(["--help"], {})).wallMs);
  const lines = [
    `${items} items, ${values["latency-ms"]} ms upstream latency, node ${process.version}, ${new Date().toISOString()}`,
    `cold mirror (vss-mirror sync --once --scope public):  ${spread(cold)}`,
    `no-op resync:                                         ${spread(noop)}; rows written: ${written.join(", ")}`,
    `plain next_url walker + COPY:                         ${spread(plain)}`,
    `cold mirror / plain walker:                           ${(median(cold) / median(plain)).toFixed(2)}`,
    `peak RSS of the CLI:                                  median ${Math.round(median(rss) / 1024)} MB (${Math.round(Math.min(...rss) / 1024)}-${Math.round(Math.max(...rss) / 1024)} MB)`,
    `vss-mirror --help:                                    median ${(median(help) / 1000).toFixed(3)} s (${(Math.min(...help) / 1000).toFixed(3)}-${(Math.max(...help) / 1000).toFixed(3)} s, ${help.length} runs)`,
  ];
  console.log(lines.join("\n"));
}

await main();
