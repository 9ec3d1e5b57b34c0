// docker-compose.yml and the Dockerfile, without a Docker engine: every app service runs `node <built
// entry>` exactly as a test spawns it (PRODUCTION_COMMANDS links each to its test), with its configuration
// files mounted, and the image builds from cached manifests into a production-only runtime run as
// `node`. Where a compose CLI is installed (the docker plugin, or Debian's docker-compose), it validates
// the file against compose's own schema too.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { readApiTokensFile, readWebhooksFile } from "@vss-mirror/config";
import {
  createTestDatabase,
  PRODUCTION_COMMANDS,
  type ProductionCommandName,
  REPO_ROOT,
  spawnProductionCommand,
} from "@vss-mirror/test-services";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";

const read = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8");

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  volumes?: string[];
  secrets?: { source: string; target: string }[];
  stop_grace_period?: string;
  ports?: string[];
}
// merge: the file shares the app services' settings through `<<: *anchor`.
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};
const { services } = compose;
const appServices = Object.keys(services).filter((name) => services[name]!.build !== undefined);
const CONFIG_DIR = "${VSS_MIRROR_CONFIG_DIR:-./config}";

// The compose plugin (`docker compose`) where the docker CLI has it, else the standalone `docker-compose`
// (Debian's package); neither needs a running engine to check a file.
const composeCli = [["docker", "compose"], ["docker-compose"]].find(
  ([command, ...args]) => spawnSync(command!, [...args, "version"], { encoding: "utf8" }).status === 0,
);

/** `<mount path>` of each secret a service mounts, by secret name. */
const mounts = (service: Service) =>
  Object.fromEntries((service.secrets ?? []).map(({ source, target }) => [source, `/run/secrets/${target}`]));

const seconds = (duration: string | undefined) => Number(/^(\d+)s$/.exec(duration ?? "10s")![1]);

describe("docker-compose.yml", () => {
  // The entries belong to other packages, which turbo may not have built yet when the worker's tests run
  // (none of them is the worker's dependency): build whichever is missing or stale, as `pnpm api` would.
  beforeAll(() => {
    const packages = new Set(
      Object.values(PRODUCTION_COMMANDS).map(({ argv }) => argv[1]!.split("/dist/")[0]!),
    );
    for (const folder of packages) {
      const built = spawnSync(
        process.execPath,
        [join(REPO_ROOT, "scripts", "ensure-built.mjs"), join(REPO_ROOT, folder)],
        {
          encoding: "utf8",
        },
      );
      if (built.status !== 0) throw new Error(`building ${folder} failed:\n${built.stdout}${built.stderr}`);
    }
  }, 300_000);

  it.skipIf(!composeCli)("is valid for docker compose", () => {
    const [command, ...args] = composeCli!;
    const result = spawnSync(
      command!,
      [...args, "-f", join(REPO_ROOT, "docker-compose.yml"), "config", "--quiet"],
      {
        encoding: "utf8",
      },
    );
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

  it("runs every app service as `node <built entry>`, a production command that a test spawns", () => {
    expect(appServices.sort()).toEqual(Object.keys(PRODUCTION_COMMANDS).sort());
    for (const name of appServices) {
      const { argv, test } = PRODUCTION_COMMANDS[name as ProductionCommandName];
      const service = services[name]!;
      expect(service, name).toMatchObject({ build: ".", image: "vss-mirror:local", command: argv });
      // node itself, no pnpm or tsx between the container's init and the app.
      expect(argv[0]).toBe("node");
      expect(argv[1], name).toMatch(/^(apps|packages)\/[a-z-]+\/dist\/[a-z-]+\.js$/);
      expect(existsSync(join(REPO_ROOT, argv[1]!)), `${argv[1]} is built`).toBe(true);
      // The linked test exists and spawns this very command.
      expect(read(test), `${test} spawns ${name}`).toContain(`spawnProductionCommand("${name}"`);
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
    expect(services.api?.depends_on).toEqual({ migrate: { condition: "service_completed_successfully" } });
    for (const name of ["worker", "scheduler"]) {
      expect(services[name]?.environment).toMatchObject({
        VSS_API_URL: "${VSS_API_URL:-http://simulator:4010}",
        VSS_USERNAME: "${VSS_USERNAME:-alice}",
        VSS_PASSWORD: "${VSS_PASSWORD:-alice-password}",
        DATABASE_URL: "postgres://vss:vss@postgres:5432/vss",
        REDIS_URL: "redis://redis:6379",
      });
    }
    for (const name of ["migrate", "api"]) {
      expect(services[name]?.environment?.DATABASE_URL).toBe("postgres://vss:vss@postgres:5432/vss");
    }
  });

  it("mounts the tokens, webhooks and accounts files from config/ where the apps read them", () => {
    expect(compose.secrets).toEqual({
      "api-tokens": { file: `${CONFIG_DIR}/api-tokens.json` },
      webhooks: { file: `${CONFIG_DIR}/webhooks.json` },
      "vss-accounts": { file: `${CONFIG_DIR}/vss-accounts.json` },
    });
    const { api, worker, scheduler } = services;
    expect(api!.environment?.API_TOKENS_FILE).toBe(mounts(api!)["api-tokens"]);
    expect(worker!.environment?.WEBHOOKS_FILE).toBe(mounts(worker!).webhooks);
    expect(worker!.environment?.VSS_ACCOUNTS_FILE).toBe(mounts(worker!)["vss-accounts"]);
    expect(scheduler!.environment?.VSS_ACCOUNTS_FILE).toBe(mounts(scheduler!)["vss-accounts"]);
    expect(api!.ports).toEqual(["127.0.0.1:8080:8080"]);
    // The examples to copy are valid for the apps' own readers.
    expect(readApiTokensFile(join(REPO_ROOT, "config/api-tokens.example.json"))).toHaveLength(1);
    expect(readWebhooksFile(join(REPO_ROOT, "config/webhooks.example.json"))).toEqual([]);
    expect(JSON.parse(read("config/vss-accounts.example.json"))).toEqual([]);
  });

  it("gives each app longer than its graceful stop before compose kills it", () => {
    // Worker: 30 s for running syncs, then up to 5 s of forced stop (shutdownOnSignals).
    expect(seconds(services.worker!.stop_grace_period)).toBeGreaterThanOrEqual(35);
    // Scheduler: gives up after 10 s (its main.ts), then up to 5 s more.
    expect(seconds(services.scheduler!.stop_grace_period)).toBeGreaterThanOrEqual(15);
    expect(seconds(services.api!.stop_grace_period)).toBeGreaterThanOrEqual(10);
  });

  it("the simulator service's command starts the simulator on all interfaces", async () => {
    // As compose runs it, on a free port instead of 4010.
    const sim = spawnProductionCommand("simulator", {}, { "4010": "0" });
    try {
      const listening = /listening on http:\/\/[\d.]+:(\d+)/;
      await expect.poll(() => sim.output(), { timeout: 30_000 }).toMatch(listening);
      const port = listening.exec(sim.output())![1];
      // Loopback, and (where the machine has one) an external address: what other containers reach.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address?.family === "IPv4" && !address.internal)?.address;
      for (const host of ["127.0.0.1", ...(external === undefined ? [] : [external])]) {
        const response = await fetch(`http://${host}:${port}/_control/stats`);
        expect(response.status).toBe(200);
      }
      sim.child.kill("SIGTERM");
      expect(await sim.exited).toBe(0);
    } finally {
      sim.child.kill("SIGKILL");
    }
  }, 60_000);

  it("the migrate service's command migrates with DATABASE_URL alone, and again as a no-op", async () => {
    const testDb = await createTestDatabase(inject("databaseUrl"));
    try {
      for (const expected of [/^applied \d+ migrations/m, /^database schema is up to date/m]) {
        const migrate = spawnProductionCommand("migrate", { DATABASE_URL: testDb.url });
        expect(await migrate.exited, migrate.output()).toBe(0);
        expect(migrate.output()).toMatch(expected);
      }
    } finally {
      await testDb.drop();
    }
  }, 60_000);
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const lines = dockerfile.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;
  const manifests = [
    "package.json",
    ...["apps", "packages", "tooling"].flatMap((group) =>
      spawnSync("ls", [join(REPO_ROOT, group)], { encoding: "utf8" })
        .stdout.split("\n")
        .filter((name) => name !== "" && existsSync(join(REPO_ROOT, group, name, "package.json")))
        .map((name) => `${group}/${name}/package.json`),
    ),
  ];

  it("installs from the lockfile and every manifest before the sources, so a source change reuses it", () => {
    const sources = at(/^COPY \. \.$/);
    const fetch = at(/^RUN pnpm fetch$/);
    const install = at(/^RUN pnpm install --frozen-lockfile --offline$/);
    expect(at(/^COPY pnpm-lock\.yaml pnpm-workspace\.yaml/)).toBeLessThan(fetch);
    expect(fetch).toBeGreaterThan(-1);
    expect(install).toBeGreaterThan(fetch);
    expect(sources).toBeGreaterThan(install);
    for (const manifest of manifests) {
      const copy = at(new RegExp(`^COPY ${manifest.replaceAll(".", "\\.")} `));
      expect(copy, `${manifest} copied`).toBeGreaterThan(fetch);
      expect(copy, `${manifest} before install`).toBeLessThan(install);
    }
    expect(dockerfile).toContain(
      `npm install -g ${(JSON.parse(read("package.json")) as { packageManager: string }).packageManager}`,
    );
  });

  it("ships production dependencies and compiled code only, run as node by node", () => {
    // Node 20 in the build and in the runtime image; the other stages build on the first.
    expect(stages[0]).toMatch(/^node:20-slim AS /);
    expect(runtime).toMatch(/^node:20-slim\n/);
    expect(dockerfile).toContain(
      'pnpm install --prod --frozen-lockfile --offline --filter-prod "{./apps/*}..."',
    );
    // The runtime stage has no pnpm, no sources: the production install, then each package's dist.
    expect(runtime).not.toMatch(/pnpm|COPY \. /);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "apps\/worker\/dist\/main\.js"\]$/m);
    // Every workspace package the production commands load: its dist is copied (and the migrations).
    const deps = (dir: string) =>
      Object.keys((JSON.parse(read(`${dir}/package.json`)) as { dependencies?: object }).dependencies ?? {});
    const dirOf = (name: string) =>
      manifests.find((file) => JSON.parse(read(file)).name === name)!.replace("/package.json", "");
    const needed = new Set<string>();
    const visit = (dir: string) => {
      if (needed.has(dir)) return;
      needed.add(dir);
      for (const dep of deps(dir)) if (dep.startsWith("@vss-mirror/")) visit(dirOf(dep));
    };
    for (const { argv } of Object.values(PRODUCTION_COMMANDS)) visit(argv[1]!.split("/dist/")[0]!);
    for (const dir of needed) {
      expect(runtime, dir).toContain(`COPY --from=build /app/${dir}/dist ${dir}/dist`);
    }
    expect(needed.has("packages/test-services")).toBe(false);
    expect(runtime).toContain("COPY --from=build /app/packages/db/drizzle packages/db/drizzle");
  });

  it("keeps secrets, local data and host builds out of the build context", () => {
    expect(read(".dockerignore").split("\n")).toEqual(
      expect.arrayContaining([
        ".env",
        ".env.*",
        "config/",
        "**/*tokens*.json",
        "**/*webhooks*.json",
        "**/*accounts*.json",
        "**/node_modules",
        "**/dist",
        "**/.data",
      ]),
    );
  });
});

describe("docs/deployment.md", () => {
  it("documents each production command and mounted file", () => {
    const docs = read("docs/deployment.md");
    for (const { argv } of Object.values(PRODUCTION_COMMANDS)) expect(docs).toContain(argv.join(" "));
    for (const file of ["config/api-tokens.json", "config/webhooks.json", "config/vss-accounts.json"]) {
      expect(docs).toContain(file);
    }
  });
});
