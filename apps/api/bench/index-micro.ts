// `tsx --conditions=development bench/index-micro.ts [items]`: the scope index's own cost per kind of
// look-up, in this process (no HTTP, no database): a catalogue generated as the simulator does, and the
// median and p99 of 200 distinct queries of each kind of query-kinds.ts, and the mean CPU time of one
// (steadier than wall-clock time when other processes share the machine).
import { generateCatalogue } from "@vss-mirror/simulator";
import { parseVssDate } from "@vss-mirror/vss-client";
import { ScopeIndex } from "../src/catalogue-index.js";
import type { IsoRow } from "../src/iso-row.js";
import { queryIndex } from "../src/index-query.js";
import { parseListQuery } from "../src/list-query.js";
import { queryKinds } from "./query-kinds.js";

const count = Number(process.argv[2] ?? 100_000);
const rows: IsoRow[] = (JSON.parse(JSON.stringify(generateCatalogue(count, 1))) as unknown[]).map((raw) => {
  const item = raw as Record<string, string | number | boolean>;
  return {
    vss_id: String(item.id),
    name: String(item.name),
    path: String(item.path),
    data_store: String(item.data_store),
    is_public: Boolean(item.public),
    created_on: parseVssDate(String(item.created_on)),
    updated_on: parseVssDate(String(item.updated_on)),
    created_on_text: String(item.created_on),
    updated_on_text: String(item.updated_on),
    extra: {},
  };
});
const built = performance.now();
const index = new ScopeIndex("1", rows);
const sample = rows
  .slice(0, 5000)
  .map((row) => ({ id: Number(row.vss_id), name: row.name, updated_on: row.updated_on }));
const kinds = queryKinds(sample, count);
console.log(
  `items ${count}; index built in ${(performance.now() - built).toFixed(0)} ms (orders on first use)`,
);
for (const [kind, next] of Object.entries(kinds)) {
  const run = () => {
    const url = new URL(`http://x${next()}`);
    const query = parseListQuery(Object.fromEntries(url.searchParams));
    const began = performance.now();
    const answer = queryIndex(index, query);
    const page = Array.from(answer?.positions ?? [], (p) => index.json[p]!);
    void `[${page.join(",")}]`.length;
    return performance.now() - began;
  };
  for (let i = 0; i < 100; i++) run();
  const cpu = process.cpuUsage();
  const times = Array.from({ length: 200 }, run).sort((a, b) => a - b);
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / 200;
  console.log(
    `  ${kind.padEnd(16)} p50 ${times[100]!.toFixed(2).padStart(6)}  p99 ${times[197]!.toFixed(2).padStart(6)}  ` +
      `cpu ${cpuMs.toFixed(2).padStart(5)} ms (with JSON of the page)`,
  );
}
