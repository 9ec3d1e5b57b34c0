// A worker as its own process (dist/main.js, as `pnpm worker` runs it), with its log lines collected.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Every line written to stdout or stderr. */
  lines: string[];
  exited: Promise<number | null>;
}

export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: appDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts);
    });
  }
  const exited = once(child, "exit").then(([code]) => code as number | null);
  await expect
    .poll(() => lines.some((line) => line.includes("worker started")), { timeout: 30_000 })
    .toBe(true);
  return { child, pid: child.pid!, lines, exited };
}

/** The `msg` of each JSON log line (other lines are left out). */
export const messages = (lines: string[]): string[] =>
  lines.flatMap((line) => {
    try {
      return [(JSON.parse(line) as { msg: string }).msg];
    } catch {
      return [];
    }
  });
