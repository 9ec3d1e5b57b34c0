// The embedded mirror as a first-class database, tried as a user runs it: the compiled CLI (and the
// API's main) as child processes on one data folder, with no DATABASE_URL, REDIS_URL or server.
// `mirror` fills it; `status` and `report` read it; `serve-sql` serves it to the real psql and to
// node-postgres; `serve` runs scheduled syncs inline, the cache API and the SQL socket in one process;
// and every one of them keeps to one process per folder, telling a reader where to connect instead.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startService } from "./run-cli.js";

const root = mkdtempSync(join(tmpdir(), "vss-embedded-"));
const dataDir = join(root, "pglite");
const lockFile = join(dataDir, "vss-mirror.lock");
const folderEnv = { VSS_MIRROR_DATA_DIR: dataDir };
const TOKEN = "embedded-test-token-0123456789";
const tokensFile = join(root, "tokens.json");
const API_MAIN = fileURLToPath(new URL("../../api/dist/main.js", import.meta.url));

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs psql, the real binary, against the socket: one query, unaligned rows. */
function psql(port: number, query: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-Atc", query], {
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "", PGCONNECT_TIMEOUT: "30" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function pgQuery<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded mirror", () => {
  beforeAll(async () => {
    writeFileSync(tokensFile, JSON.stringify([{ token: TOKEN, name: "embedded-test", user: "alice" }]));
    const mirror = await runCli(["mirror"], folderEnv);
    expect(mirror).toMatchObject({ code: 0, stderr: "" });
  }, 180_000);

  it("status and report read the data folder mirror wrote, with no DATABASE_URL", async () => {
    const status = await runCli(["status"], folderEnv);
    expect(status).toMatchObject({ code: 0, stderr: "" });
    expect(status.stdout).toMatch(/^public\s+succeeded\s+cli\s/m);
    const report = await runCli(["report", "by-data-store"], folderEnv);
    expect(report).toMatchObject({ code: 0, stderr: "" });
    // The demo upstream: 224 public images, alice's three files.
    expect(report.stdout).toBe(
      "scope   data_store     images\npublic  vss-ISOs          224\nalice   vssUser-xfers       3\n",
    );
    expect(existsSync(lockFile)).toBe(false);
  });

  describe("serve-sql", () => {
    let server: ReturnType<typeof startService>;
    let port: number;

    beforeAll(async () => {
      server = startService(["serve-sql", "--port", "0"], folderEnv);
      port = Number((await server.waitFor(/^connect with: psql -h 127\.0\.0\.1 -p (\d+) -U postgres$/m))[1]);
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    });

    it("answers the real psql", () => {
      const run = psql(
        port,
        "select scope, count(*) from vss.iso_images where deleted_at is null group by scope order by scope",
      );
      expect(run).toEqual({ status: 0, stdout: "alice|3\npublic|224\n", stderr: "" });
    });

    it("answers node-postgres, with parameters and several connections at once", async () => {
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      try {
        const answers = await Promise.all(
          ["public", "alice", "public", "alice"].map(
            async (scope) =>
              (
                await pool.query<{ images: string }>(
                  "select count(*) as images from vss.iso_images where scope = $1 and deleted_at is null",
                  [scope],
                )
              ).rows[0]?.images,
          ),
        );
        expect(answers).toEqual(["224", "3", "224", "3"]);
      } finally {
        await pool.end();
      }
    });

    it("a client's open transaction is its own: others wait for it, and a disconnect rolls it back", async () => {
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const writer = new pg.Client({ connectionString: url });
      await writer.connect();
      await writer.query("begin");
      await writer.query("create table public.scratch (n int)");
      // Another client's statement waits for the transaction instead of running inside it.
      let readerDone = false;
      const reader = pgQuery<{ n: string }>(
        url,
        "select count(*) as n from pg_tables where tablename = 'scratch'",
      ).then((rows) => {
        readerDone = true;
        return rows;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(readerDone).toBe(false);
      // Gone without COMMIT: its table goes with it.
      await writer.end();
      expect(await reader).toEqual([{ n: "0" }]);
    });

    it("a reader of the folder is told who holds it and to connect through the socket", async () => {
      const since = (JSON.parse(readLock()) as { since: string }).since;
      const run = await runCli(["status"], folderEnv);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        `vss-mirror: the data folder ${dataDir} is in use by another vss-mirror process (pid ${server.pid}, ` +
          `"vss-mirror serve-sql --port 0", since ${since}): one process at a time may open it; ` +
          `it serves the folder over SQL: connect with psql -h 127.0.0.1 -p ${port} -U postgres, ` +
          `or run this command with DATABASE_URL=postgres://postgres@127.0.0.1:${port}/postgres\n`,
      );
      // And doing as told works.
      const through = await runCli(["report", "by-data-store", "--format", "csv"], {
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      });
      expect(through).toMatchObject({ code: 0, stderr: "" });
      expect(through.stdout).toBe(
        "scope,data_store,images\r\npublic,vss-ISOs,224\r\nalice,vssUser-xfers,3\r\n",
      );
    });

    it("stops on SIGTERM, exit 0, letting the folder go", async () => {
      expect(await server.stop()).toBe(0);
      expect(existsSync(lockFile)).toBe(false);
      expect((await runCli(["status", "--limit", "1"], folderEnv)).code).toBe(0);
    });
  });

  it("the API's main serves the data folder when DATABASE_URL is unset, as `pnpm api` runs it", async () => {
    const api = spawn(process.execPath, [API_MAIN], {
      env: {
        PATH: process.env.PATH ?? "",
        ...folderEnv,
        API_TOKENS_FILE: tokensFile,
        API_HOST: "127.0.0.1",
        API_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    api.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    api.stderr.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => api.on("close", resolve));
    try {
      let port: number | undefined;
      for (let i = 0; i < 2_400 && port === undefined && api.exitCode === null; i++) {
        const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (match) port = Number(match[1]);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(port, out).toBeDefined();
      const response = await fetch(`http://127.0.0.1:${port}/v2/iso?per_page=1`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { meta: { pages: { pages: number } } }).meta.pages.pages).toBe(224);
      // It holds the folder while it runs, like every process on it.
      expect((await runCli(["status"], folderEnv)).stderr).toMatch(/is in use by another vss-mirror process/);
    } finally {
      api.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
    expect(existsSync(lockFile)).toBe(false);
  }, 180_000);

  it("serve-sql refuses a DATABASE_URL: that server is there to connect to", async () => {
    const run = await runCli(["serve-sql"], { DATABASE_URL: "postgres://127.0.0.1:9/none" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^vss-mirror: serve-sql serves the embedded database; DATABASE_URL is set/);
  });

  describe("serve", () => {
    let sim: Simulator;
    let service: ReturnType<typeof startService>;
    // A folder of its own: the first one mirrors the built-in demo, and a mirror keeps to one upstream.
    const serveDir = join(root, "serve-pglite");
    const serveEnv = { VSS_MIRROR_DATA_DIR: serveDir };

    beforeAll(async () => {
      sim = await startSimulator({ tokenRateLimit: false, syncStepMs: 5 });
    });
    afterAll(async () => {
      await service?.stop();
      await sim?.close();
    });

    it("runs scheduled syncs inline, one at a time per scope, and serves the cache API and SQL", async () => {
      service = startService(["serve", "--sql-port", "0"], {
        ...serveEnv,
        VSS_API_URL: sim.url,
        VSS_USERNAME: "alice",
        VSS_PASSWORD: "alice-password",
        PERSONAL_SYNC_POLL_MS: "20",
        API_TOKENS_FILE: tokensFile,
        API_HOST: "127.0.0.1",
        API_PORT: "0",
        // Every second: ticks come faster than runs end, so skipped ticks are exercised too.
        SCHEDULE_PUBLIC: "* * * * * *",
        SCHEDULE_PERSONAL: "* * * * * *",
        LOG_LEVEL: "warn",
      });
      const apiPort = Number((await service.waitFor(/^cache API: http:\/\/127\.0\.0\.1:(\d+)$/m))[1]);
      const sqlPort = Number((await service.waitFor(/^SQL: psql -h 127\.0\.0\.1 -p (\d+) -U postgres/m))[1]);
      await service.waitFor(/^public: succeeded \(run \d+\)/m, 120_000);
      await service.waitFor(/^alice: succeeded \(run \d+\)/m, 120_000);
      await service.waitFor(
        /^public: succeeded \(run \d+\)(?:.|\n)*^public: succeeded \(run \d+\)/m,
        120_000,
      );

      const response = await fetch(`http://127.0.0.1:${apiPort}/v2/iso?per_page=1`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { meta: { pages: { pages: number } } };
      expect(body.meta.pages.pages).toBe(224);
      const mine = await fetch(`http://127.0.0.1:${apiPort}/v2/user/image/iso`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(mine.status).toBe(200);

      const url = `postgres://postgres@127.0.0.1:${sqlPort}/postgres`;
      const runs = await pgQuery<{ scope: string; trigger: string; started: Date; finished: Date | null }>(
        url,
        "select scope, trigger, started_at as started, finished_at as finished from vss.sync_runs " +
          "where trigger = 'schedule' and status = 'succeeded' order by scope, started_at",
      );
      expect(runs.filter((run) => run.scope === "public").length).toBeGreaterThanOrEqual(2);
      expect(runs.some((run) => run.scope === "alice")).toBe(true);
      // One at a time per scope: no run of a scope started before the previous one finished.
      for (let i = 1; i < runs.length; i++) {
        const [before, after] = [runs[i - 1]!, runs[i]!];
        if (before.scope === after.scope)
          expect(after.started.getTime()).toBeGreaterThanOrEqual(before.finished!.getTime());
      }
      expect(
        psql(sqlPort, "select count(*) from vss.iso_images where scope = 'public' and deleted_at is null"),
      ).toMatchObject({
        status: 0,
        stdout: "224\n",
      });

      expect(await service.stop()).toBe(0);
      expect(existsSync(join(serveDir, "vss-mirror.lock"))).toBe(false);
      // Stopping interrupts a run in flight: it is recorded failed and changed nothing; none is left running.
      const status = await runCli(["status", "--json", "--limit", "50"], serveEnv);
      const all = JSON.parse(status.stdout) as { status: string; error: string | null }[];
      expect(all.filter((run) => run.status === "running")).toEqual([]);
      for (const run of all.filter((r) => r.status === "failed")) expect(run.error).toMatch(/interrupted/);
    }, 300_000);
  });
});

function readLock(): string {
  return readFileSync(lockFile, "utf8");
}
