import type { Env } from "./env.js";
import type { CliIo } from "./io.js";

/** What every command's action gets from runCli. */
export interface CommandContext {
  /** The environment snapshot from env.ts. */
  env: Env;
  io: CliIo;
  /** Interrupts a running sync (Ctrl-C). Default: none. */
  signal?: AbortSignal;
}
