// Runs pacedLoad in a process of its own (`node --import tsx paced-load-process.ts <options file>`), so
// that the load's timing is not shared with the bench's own heap and event loop (it mirrored 100,000
// items in-process and holds the query samples): the requests' paths come precomputed in the file.
import { readFileSync } from "node:fs";
import { pacedLoad } from "./paced-load.js";

interface Options {
  url: string;
  headers: Record<string, string>;
  rate: number;
  durationSeconds: number;
  paths: string[];
}

const options = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Options;
let turn = 0;
const result = await pacedLoad({ ...options, next: () => options.paths[turn++ % options.paths.length]! });
process.stdout.write(JSON.stringify(result));
