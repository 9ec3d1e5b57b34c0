// docker-compose.yml and the Dockerfile: the services issue 4 asks for, each running a command the test
// suites run too (no Docker engine is needed for this file). Where the docker CLI has the compose plugin,
// `docker compose config --quiet` validates the file against compose's own schema as well.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (file: string) => readFileSync(`${root}${file}`, "utf8");

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  volumes?: string[];
}
// merge: the file shares the app services' settings through `<<: *anchor`.
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const { services } = compose;
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

// The compose plugin (`docker compose`) where the docker CLI has it, else the standalone `docker-compose`
// (Debian's package); neither needs a running engine to check a file.
const composeCli = [["docker", "compose"], ["docker-compose"]].find(
  ([command, ...args]) => spawnSync(command!, [...args, "version"], { encoding: "utf8" }).status === 0,
);

describe("docker-compose.yml", () => {
  it.skipIf(!composeCli)("is valid for docker compose", () => {
    const [command, ...args] = composeCli!;
    const result = spawnSync(command!, [...args, "-f", `${root}docker-compose.yml`, "config", "--quiet"], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("runs postgres and redis with health checks and named volumes", () => {
    expect(services.postgres).toMatchObject({
      image: "postgres:16",
      volumes: ["pgdata:/var/lib/postgresql/data"],
      healthcheck: { test: expect.arrayContaining(["pg_isready"]) },
    });
    expect(services.redis).toMatchObject({
      image: "redis:7",
      healthcheck: { test: ["CMD", "redis-cli", "ping"] },
    });
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["pgdata", "redisdata"]));
  });

  it("runs each app service from the one image with a command the tests exercise", () => {
    // Each pnpm script is the entry point a test spawns as a process (or, for the simulator, the CLI
    // spawned below).
    expect(scripts.worker).toBe("node scripts/run-app.mjs apps/worker/dist/main.js"); // shutdown.test.ts
    expect(scripts.scheduler).toBe("node scripts/run-app.mjs apps/scheduler/dist/main.js"); // scheduler-process.test.ts
    expect(scripts["vss-mirror"]).toBe("node scripts/run-app.mjs apps/cli/dist/main.js"); // apps/cli/test (migrate)
    expect(scripts.simulator).toBe("node scripts/run-app.mjs packages/simulator/dist/cli.js");
    const commands = Object.fromEntries(
      ["simulator", "migrate", "worker", "scheduler"].map((name) => [name, services[name]?.command]),
    );
    expect(commands).toEqual({
      simulator: ["pnpm", "simulator", "--host", "0.0.0.0", "--port", "4010"],
      migrate: ["pnpm", "vss-mirror", "migrate"],
      worker: ["pnpm", "worker"],
      scheduler: ["pnpm", "scheduler"],
    });
    for (const name of Object.keys(commands)) {
      expect(services[name]).toMatchObject({ build: ".", image: "vss-mirror:local" });
    }
  });

  it("starts the worker replicas after the migration, with the simulator's demo account by default", () => {
    const worker = services.worker!;
    expect(worker.deploy?.replicas).toBe(2);
    expect(worker.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:8081/healthz");
    expect(worker.depends_on).toEqual({
      migrate: { condition: "service_completed_successfully" },
      redis: { condition: "service_healthy" },
      simulator: { condition: "service_started" },
    });
    expect(services.migrate?.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    for (const name of ["migrate", "worker", "scheduler"]) {
      expect(services[name]?.environment).toMatchObject({
        VSS_API_URL: "${VSS_API_URL:-http://simulator:4010}",
        VSS_USERNAME: "${VSS_USERNAME:-alice}",
        VSS_PASSWORD: "${VSS_PASSWORD:-alice-password}",
        DATABASE_URL: "postgres://vss:vss@postgres:5432/vss",
        REDIS_URL: "redis://redis:6379",
      });
    }
  });

  it("builds the image on Node 20 with the workspace's pnpm and lockfile", () => {
    const dockerfile = read("Dockerfile");
    const packageManager = (JSON.parse(read("package.json")) as { packageManager: string }).packageManager;
    expect(dockerfile).toMatch(/^FROM node:20-slim$/m);
    expect(dockerfile).toContain(`npm install -g ${packageManager}`);
    expect(dockerfile).toContain("pnpm install --frozen-lockfile");
    expect(read(".dockerignore").split("\n")).toEqual(
      expect.arrayContaining(["**/node_modules", "**/dist", "**/.data", "**/.turbo", "**/test-results"]),
    );
  });

  it("the simulator service's command starts the simulator on all interfaces", async () => {
    // As compose runs it, on a free port instead of 4010.
    const args = services.simulator!.command!.slice(1).map((arg) => (arg === "4010" ? "0" : arg));
    const child = spawn("pnpm", args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    try {
      const listening = /listening on http:\/\/[\d.]+:(\d+)/;
      await expect.poll(() => output, { timeout: 30_000 }).toMatch(listening);
      const port = listening.exec(output)![1];
      // Loopback, and (where the machine has one) an external address: what other containers reach.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address?.family === "IPv4" && !address.internal)?.address;
      for (const host of ["127.0.0.1", ...(external === undefined ? [] : [external])]) {
        const response = await fetch(`http://${host}:${port}/_control/stats`);
        expect(response.status).toBe(200);
      }
    } finally {
      // pnpm runs node (scripts/run-app.mjs): signal the group, which this test started.
      process.kill(-child.pid!, "SIGTERM");
      await once(child, "exit");
    }
  }, 60_000);
});
