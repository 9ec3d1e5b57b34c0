// Runs a command as its own process and measures it from outside: wall time from spawn to exit, and
// peak resident memory read from /proc/<pid>/status (VmHWM, the kernel's own high-water mark, polled
// until the process exits; Linux only, which is where these benchmarks run).
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";

export interface ProcessRun {
  code: number | null;
  wallMs: number;
  /** Peak RSS in kB (the last VmHWM read before exit), or undefined off Linux. */
  peakRssKb: number | undefined;
  stdout: string;
  stderr: string;
}

async function highWaterMark(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // exited between polls
  }
}

export function measureProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peak: number | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const poll = setInterval(() => {
      if (child.pid === undefined) return;
      void highWaterMark(child.pid).then((hwm) => {
        if (hwm !== undefined) peak = Math.max(peak ?? 0, hwm);
      });
    }, 10);
    child.on("error", (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on("exit", (code) => {
      const wallMs = performance.now() - began;
      clearInterval(poll);
      child.on("close", () => resolve({ code, wallMs, peakRssKb: peak, stdout, stderr }));
    });
  });
}
