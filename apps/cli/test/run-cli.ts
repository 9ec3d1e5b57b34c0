// Runs the real CLI in a child process, as its bin (`vss-mirror`) and `pnpm vss-mirror` do: the compiled
// dist/main.js under plain node, workspace packages from their dist/ (vitest.ensure-built.ts builds them).
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

export const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const CWD = fileURLToPath(new URL("..", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process exits, with everything it wrote. */
  done: Promise<CliRun>;
}

/**
 * Spawns `command` and collects its output. The child gets only `env` (plus PATH/HOME), so a
 * developer's own VSS_* or LOG_LEVEL cannot change what a test sees. Async on purpose: the simulator
 * runs in this test process, and a synchronous spawn would block the event loop that has to answer the
 * child's requests.
 */
export function spawnProcess(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): SpawnedProcess {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** The compiled CLI in a child process; `nodeArgs` go before the script (e.g. `--import` a hook). */
const spawnCli = (args: string[], env: Record<string, string>, nodeArgs: string[] = []) =>
  spawnProcess(process.execPath, [...nodeArgs, MAIN, ...args], CWD, env);

/** Runs the CLI to its end. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<CliRun> {
  return spawnCli(args, env, nodeArgs).done;
}

export interface LiveCliRun {
  /** stderr so far, line by line (the last, unfinished line is left out until it ends). */
  readonly stderrLines: string[];
  stdout(): string;
  /** Resolves when the process exits, with everything it wrote. */
  done: Promise<CliRun>;
  kill(): void;
}

/** Like runCli, but the test can watch stderr while the CLI runs (e.g. its `--via-queue` progress). */
export function startCli(args: string[], env: Record<string, string> = {}): LiveCliRun {
  const run = spawnCli(args, env);
  return {
    get stderrLines() {
      return run.stderr().split("\n").slice(0, -1);
    },
    stdout: run.stdout,
    done: run.done,
    kill: () => run.child.kill("SIGKILL"),
  };
}

/** A CLI process that keeps running (serve, serve-sql), with its output so far. */
export interface RunningService {
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout, waiting for it up to `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM (once) and resolves with the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts the compiled CLI as runCli does, without waiting for it to end. */
export function startService(args: string[], env: Record<string, string> = {}): RunningService {
  const run = spawnCli(args, env);
  const { child, stdout, stderr } = run;
  const exited = run.done.then(({ code }) => code);
  let stopped: Promise<number | null> | undefined;
  return {
    pid: child.pid!,
    stdout,
    stderr,
    exited,
    async waitFor(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stdout());
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(
            `no ${String(pattern)} in the output of vss-mirror ${args.join(" ")} ` +
              `(exit ${child.exitCode}):\n${stdout()}\n${stderr()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop() {
      if (!stopped) {
        child.kill("SIGTERM");
        stopped = exited;
      }
      return stopped;
    },
  };
}
