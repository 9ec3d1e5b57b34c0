#!/usr/bin/env node
// Entry point of `vss-mirror` (this package's bin; `pnpm vss-mirror` runs it through scripts/run-app.mjs):
// read the environment, run, exit with the command's code.
import { runCli } from "./cli.js";
import { readEnv } from "./env.js";

const interrupt = new AbortController();
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    // The first signal stops the running sync cleanly (it rolls back and is recorded as failed) and
    // lets the data folder go; a second one exits at once.
    interrupt.abort(new Error(`interrupted (${signal})`));
    process.once(signal, () => process.exit(code));
  });
}

/** A yes/no question to the person at the terminal, when there is one. */
async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

const code = await runCli(process.argv.slice(2), {
  env: readEnv(),
  io: { stdout: process.stdout, stderr: process.stderr },
  signal: interrupt.signal,
  ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm } : {}),
});
// Exit explicitly: a connection that failed to close (a Redis reconnect timer) must not hang the CLI.
// stdout and stderr are synchronous for files and pipes on Linux, so nothing written is lost.
process.exit(code);
