#!/usr/bin/env node
// Standalone simulator: `pnpm simulator --items 100000 --port 4010 --latency-ms 20`.
// Exit code 2 for bad options (naming the option), 1 when the server cannot start.
import { Command, CommanderError } from "commander";
import { CliOptionError, parseCliOptions, type RawCliOptions } from "./cli-options.js";
import { DEFAULT_USERS } from "./default-users.js";
import { startSimulator } from "./start-simulator.js";

const program = new Command()
  .name("vss-simulator")
  .description("Simulated VSS Cloud API v2 for tests, benchmarks and demos")
  .option("--items <n>", "public catalogue size (default 224)")
  .option("--port <n>", "port to listen on (0 = any free port)", "4010")
  .option("--host <host>", "interface to listen on (default 127.0.0.1)")
  .option("--latency-ms <n>", "delay added to every API request (default 0)")
  .option("--seed <n>", "catalogue and fault seed (default 1)")
  .option("--sync-step-ms <n>", "personal sync step duration (default 100)")
  .option("--token-ttl-seconds <n>", "token lifetime (default 86400)")
  .option("--users <file>", "JSON array of users (default: the demo users)")
  .option("--personal-shape <shape>", "personal listing: paged (list envelope) or seed (no meta.pages)")
  .option("--token-rate-limit <n>", "tokens per username per minute; 0 for no limit (default 5)")
  .option("--keyset <mode>", "supported, or refuse: 400 for list requests that filter or sort by id")
  .option("--trust-proxy", "build urls from X-Forwarded-Proto and X-Forwarded-Host")
  .exitOverride();

async function main(): Promise<void> {
  try {
    program.parse();
  } catch (error) {
    // commander already printed its message (unknown option, missing value, --help).
    process.exit(error instanceof CommanderError && error.exitCode === 0 ? 0 : 2);
  }
  let options;
  try {
    options = parseCliOptions(program.opts<RawCliOptions>());
  } catch (error) {
    if (!(error instanceof CliOptionError)) throw error;
    console.error(`vss-simulator: ${error.message}`);
    process.exit(2);
  }
  const simulator = await startSimulator(options);
  const usernames = (options.users ?? DEFAULT_USERS).map((user) => user.username);
  console.log(`VSS API simulator listening on ${simulator.url}`);
  console.log(`users: ${usernames.join(", ")} (passwords: see --users file or DEFAULT_USERS)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("vss-simulator: close failed", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("vss-simulator: failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
