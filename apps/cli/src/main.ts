#!/usr/bin/env node
// Entry point of `vss-mirror` (this package's bin; `pnpm vss-mirror` runs it through scripts/run-app.mjs):
// read the environment, run, exit with the command's code.
import { runCli } from "./cli.js";
import { readEnv } from "./env.js";

const interrupt = new AbortController();
process.once("SIGINT", () => {
  // First Ctrl-C: stop the running sync cleanly (it rolls back and is recorded as failed).
  interrupt.abort(new Error("interrupted (SIGINT)"));
  process.once("SIGINT", () => process.exit(130));
});

const code = await runCli(process.argv.slice(2), {
  env: readEnv(),
  io: { stdout: process.stdout, stderr: process.stderr },
  signal: interrupt.signal,
});
// Exit explicitly: a connection that failed to close (a Redis reconnect timer) must not hang the CLI.
// stdout and stderr are synchronous for files and pipes on Linux, so nothing written is lost.
process.exit(code);
