import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { spawnSimulator } from "../src/spawn-simulator.js";
import { ALICE, basic } from "./helpers.js";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));

/** Runs the CLI from source the way `pnpm simulator` does; bad options exit before it listens. */
function cli(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args, "--port", "0"], {
    cwd: PACKAGE,
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("CLI", () => {
  it.each([
    [["--personal-shape", "flat"], "--personal-shape"],
    [["--keyset", "never"], "--keyset"],
    [["--items", "lots"], "--items"],
  ])("%j exits 2 naming the option", { timeout: 40_000 }, (args, flag) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(flag);
    expect(run.stdout).not.toContain("listening");
  });

  // commander also exits 2 for an option it does not know, so prove the flags reach the simulator.
  it("--personal-shape seed and --keyset refuse change the answers", { timeout: 40_000 }, async () => {
    const sim = await spawnSimulator(["--personal-shape", "seed", "--keyset", "refuse"]);
    try {
      const auth = basic(ALICE.username, ALICE.password);
      const token = (await (
        await fetch(`${sim.url}/auth/request-token`, { method: "POST", headers: { authorization: auth } })
      ).json()) as { token: string };
      const headers = { authorization: `Bearer ${token.token}` };
      const body = (await (await fetch(`${sim.url}/v2/user/image/iso`, { headers })).json()) as {
        meta: Record<string, unknown>;
      };
      expect(Object.keys(body.meta).sort()).toEqual(["count", "time", "user"]);
      expect((await fetch(`${sim.url}/v2/iso?filter=id,gt,0`, { headers })).status).toBe(400);
    } finally {
      sim.stop();
    }
  });
});
