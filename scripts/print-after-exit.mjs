#!/usr/bin/env node
// `node print-after-exit.mjs <pid> <line>`: prints <line> once process <pid> has exited (or after 10 s).
// scripts/test.mjs uses it so that its summary comes after pnpm's own last line (see finish() there).
import { readFileSync } from "node:fs";

const [pid, line] = process.argv.slice(2);
const gone = () => {
  try {
    // A zombie has exited: its output is all written, its parent just has not reaped it yet.
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^\d+ \(.*\)/, ""));
  } catch {
    return true;
  }
};
const deadline = Date.now() + 10_000;
while (!gone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
process.stdout.write(`${line}\n`);
