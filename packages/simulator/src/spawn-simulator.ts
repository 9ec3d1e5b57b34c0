// The simulator in a child process, for benchmarks: the process being measured then holds only what it
// measures, and the two do not share an event loop. Exported as `@vss-mirror/simulator/spawn`, apart from
// the main entry, so that importing it does not load fastify into the measured process.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface SpawnedSimulator {
  url: string;
  stop(): void;
}

/**
 * Starts `cli` with `args` (e.g. `["--items", "100000", "--latency-ms", "20"]`) on a free port and resolves
 * once it listens. Run from this package's sources (tests, tsx) it starts src/cli.ts through tsx; from
 * the build, dist/cli.js with plain node.
 */
export async function spawnSimulator(args: string[]): Promise<SpawnedSimulator> {
  const fromSource = import.meta.url.endsWith(".ts");
  const cli = fileURLToPath(new URL(fromSource ? "./cli.ts" : "./cli.js", import.meta.url));
  const child = spawn(
    process.execPath,
    [...(fromSource ? ["--import", "tsx"] : []), cli, ...args, "--port", "0"],
    {
      // tsx resolves from the working directory: this package has it.
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /listening on (http\S+)/.exec(line);
    if (match) return { url: match[1]!, stop: () => child.kill("SIGTERM") };
  }
  throw new Error(`the simulator exited before listening (exit code ${child.exitCode})`);
}
