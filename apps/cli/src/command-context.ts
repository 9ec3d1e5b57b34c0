import type { Env } from "./env.js";
import type { CliIo } from "./io.js";

/** What every command's action gets from runCli. */
export interface CommandContext {
  /** The environment snapshot from env.ts. */
  env: Env;
  io: CliIo;
  /** Interrupts a running sync (Ctrl-C). Default: none. */
  signal?: AbortSignal;
  /** Asks the person at the terminal a yes/no question; absent when nobody is there to ask. */
  confirm?: (question: string) => Promise<boolean>;
}
