// Runs the real CLI in a child process, as its bin (`vss-mirror`) and `pnpm vss-mirror` do: the compiled
// dist/main.js under plain node, workspace packages from their dist/ (vitest.ensure-built.ts builds them).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const CWD = fileURLToPath(new URL("..", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Async on purpose: the simulator runs in this test process, and a synchronous spawn would block the
 * event loop that has to answer the child's requests. The child gets only `env` (plus PATH/HOME), so a
 * developer's own VSS_* or LOG_LEVEL cannot change what a test sees. `nodeArgs` go before the script
 * (e.g. `--import` a hook).
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, MAIN, ...args], {
      cwd: CWD,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface LiveCliRun {
  /** stderr so far, line by line (the last, unfinished line is left out until it ends). */
  stderrLines: string[];
  stdout(): string;
  /** Resolves when the process exits, with everything it wrote. */
  done: Promise<CliRun>;
  kill(): void;
}

/** Like runCli, but the test can watch stderr while the CLI runs (e.g. its `--via-queue` progress). */
export function startCli(args: string[], env: Record<string, string> = {}): LiveCliRun {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: CWD,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const stderrLines: string[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    stderrLines.splice(0, stderrLines.length, ...stderr.split("\n").slice(0, -1));
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { stderrLines, stdout: () => stdout, done, kill: () => child.kill("SIGKILL") };
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
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: CWD,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  let stopped: Promise<number | null> | undefined;
  return {
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitFor(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(
            `no ${String(pattern)} in the output of vss-mirror ${args.join(" ")} ` +
              `(exit ${child.exitCode}):\n${stdout}\n${stderr}`,
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
