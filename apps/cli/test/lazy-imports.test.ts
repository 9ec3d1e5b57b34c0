// `vss-mirror --help` must start fast: it loads commander and the CLI's own light modules, never the
// database drivers, BullMQ, fastify or the simulator. Each command loads what it needs when it runs.
// Proved on the compiled CLI in its own process, with a loader hook recording every module it loads.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@vss-mirror/test-services";
import { redisConnection } from "@vss-mirror/queue";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadedModules, loadedPackages, RECORDER } from "./loaded-modules.js";
import { runCli } from "./run-cli.js";

const root = mkdtempSync(join(tmpdir(), "vss-mirror-modules-"));
let testDb: { url: string; drop: () => Promise<void> };
let runs = 0;

/** Runs the CLI with the recorder and returns its result and the packages it loaded. */
async function recorded(args: string[], env: Record<string, string> = {}) {
  const file = join(root, `modules-${++runs}.txt`);
  const run = await runCli(args, { ...env, RECORD_MODULES_FILE: file }, ["--import", RECORDER]);
  return { run, packages: loadedPackages(loadedModules(file)) };
}

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
});
afterAll(async () => {
  await testDb?.drop();
  rmSync(root, { recursive: true, force: true });
});

describe("modules each command loads", () => {
  it("--help loads commander and the CLI's own modules, nothing else", async () => {
    const { run, packages } = await recorded(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: vss-mirror/);
    // Exactly these: a recorder that recorded nothing would fail here too.
    expect(packages).toEqual(["@vss-mirror/cli", "commander"]);
  });

  it("a usage error loads nothing more than --help", async () => {
    const { run, packages } = await recorded(["sync"]);
    expect(run.code).toBe(2);
    expect(packages).toEqual(["@vss-mirror/cli", "commander"]);
  });

  it("migrate loads node-postgres and drizzle, but not PGlite, BullMQ, fastify or the simulator", async () => {
    const { run, packages } = await recorded(["migrate"], { DATABASE_URL: testDb.url });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(packages).toEqual(expect.arrayContaining(["pg", "drizzle-orm", "@vss-mirror/db"]));
    for (const name of ["@electric-sql/pglite", "bullmq", "fastify", "@vss-mirror/simulator"]) {
      expect(packages).not.toContain(name);
    }
  });

  it("sync --via-queue loads BullMQ", async () => {
    const prefix = `lazy-imports-${process.pid}`;
    const redisUrl = inject("redisUrl");
    const { run, packages } = await recorded(
      ["sync", "--via-queue", "--scope", "public", "--queue-prefix", prefix, "--timeout-ms", "2000"],
      { REDIS_URL: redisUrl, DATABASE_URL: testDb.url, VSS_USERNAME: "alice" },
    );
    // No worker listens: the job is enqueued, then the command gives up waiting, as it should.
    expect(run.stderr).toMatch(/no result within 2000 ms/);
    expect(packages).toEqual(expect.arrayContaining(["bullmq", "ioredis", "@vss-mirror/queue"]));
    expect(packages).not.toContain("@electric-sql/pglite");
    const redis = redisConnection(redisUrl, "queue");
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it("mirror loads PGlite, the simulator and fastify", async () => {
    const { run, packages } = await recorded(["mirror"], { VSS_MIRROR_DATA_DIR: join(root, "pglite") });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(packages).toEqual(
      expect.arrayContaining(["@electric-sql/pglite", "@vss-mirror/simulator", "fastify", "drizzle-orm"]),
    );
  });

  // After `mirror` above has filled the folder.
  it("status on the data folder loads PGlite, but neither the SQL socket, BullMQ nor fastify", async () => {
    const { run, packages } = await recorded(["status"], { VSS_MIRROR_DATA_DIR: join(root, "pglite") });
    expect(run.code).toBe(0);
    expect(packages).toContain("@electric-sql/pglite");
    for (const name of ["@electric-sql/pglite-socket", "bullmq", "fastify", "@vss-mirror/api"]) {
      expect(packages).not.toContain(name);
    }
  });
});
