// The production commands: what docker-compose.yml's services and docs/deployment.md run, `node <built
// entry> [args...]` from the repository root (/app in the image), no pnpm or tsx in between. The tests
// that start a process spawn it from here, so each compose command is exactly one a test runs;
// apps/worker/test/docker-compose.test.ts checks the compose file against this list.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** The repository root: the working directory of every production command. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ProductionCommand {
  /** As the compose service's `command`: "node", the entry relative to the root, its arguments. */
  argv: string[];
  /** The test file (relative to the root) that spawns it with spawnProductionCommand. */
  test: string;
}

export const PRODUCTION_COMMANDS = {
  simulator: {
    argv: ["node", "packages/simulator/dist/cli.js", "--host", "0.0.0.0", "--port", "4010"],
    test: "apps/worker/test/docker-compose.test.ts",
  },
  migrate: {
    argv: ["node", "apps/cli/dist/main.js", "migrate"],
    test: "apps/worker/test/docker-compose.test.ts",
  },
  worker: { argv: ["node", "apps/worker/dist/main.js"], test: "apps/worker/test/shutdown.test.ts" },
  scheduler: {
    argv: ["node", "apps/scheduler/dist/main.js"],
    test: "apps/scheduler/test/scheduler-process.test.ts",
  },
  api: { argv: ["node", "apps/api/dist/main.js"], test: "apps/api/test/api-process.test.ts" },
} satisfies Record<string, ProductionCommand>;

export type ProductionCommandName = keyof typeof PRODUCTION_COMMANDS;

export interface ProductionProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit code (null when a signal killed it). */
  exited: Promise<number | null>;
}

/**
 * Spawns a production command as compose runs it: this node binary for "node", the same entry and
 * arguments, from the repository root, with only `env` as its environment. `replaceArgs` swaps single arguments
 * (a fixed port for 0, say) and nothing else.
 */
export function spawnProductionCommand(
  name: ProductionCommandName,
  env: Record<string, string | undefined>,
  replaceArgs: Record<string, string> = {},
): ProductionProcess {
  const [, ...args] = PRODUCTION_COMMANDS[name].argv;
  const child = spawn(
    process.execPath,
    args.map((arg) => replaceArgs[arg] ?? arg),
    { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}
