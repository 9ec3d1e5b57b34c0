// How `pnpm test` finds PostgreSQL and Redis (discover.mjs), and how it stops when it finds neither.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { discoverServices, missingServicesMessage, postgresAnswers, redisAnswers } from "../discover.mjs";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const SUMMARY = /^tests: (\d+) passed, (\d+) failed$/;

/** The server these tests may find: DATABASE_URL's and REDIS_URL's when set, else the defaults. */
const postgresAddress = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).host : "127.0.0.1:5432";
const redisAddress = process.env.REDIS_URL ? new URL(process.env.REDIS_URL).host : "127.0.0.1:6379";

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

/** An environment with no services anywhere: no variables, closed probe ports, no Docker engine. */
async function nowhere(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== "DATABASE_URL" && key !== "REDIS_URL") env[key] = value;
  }
  return {
    ...env,
    VSS_TEST_POSTGRES_ADDRESS: `127.0.0.1:${await closedPort()}`,
    VSS_TEST_REDIS_ADDRESS: `127.0.0.1:${await closedPort()}`,
    DOCKER_HOST: "unix:///nonexistent/docker.sock",
    VSS_TEST_DOCKER: existsDocker() ? "off" : "",
  };
}

/** On a laptop with Docker the "nothing found" path can only be reached by turning the engine off. */
function existsDocker(): boolean {
  return (
    process.env.DOCKER_HOST !== undefined ||
    existsSync("/var/run/docker.sock") ||
    process.platform !== "linux"
  );
}

/** Runs a shell command; resolves when every writer of its output is gone, as a reading pipe sees it. */
function run(command: string, env: Record<string, string>) {
  const started = Date.now();
  return new Promise<{ code: number | null; output: string; seconds: number }>((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const lines = (output: string) => output.split("\n").filter((line) => line.trim() !== "");

describe("pnpm test with no PostgreSQL, Redis or Docker to be found", () => {
  it("stops within 5 s with one message, no stack trace, every suite failed, the summary last", async () => {
    const result = await run("pnpm test 2>&1", await nowhere());
    expect(result.code).not.toBe(0);
    expect(result.seconds).toBeLessThan(5);
    expect(result.output.match(/These tests need PostgreSQL and Redis/g)).toHaveLength(1);
    expect(result.output).toContain("set DATABASE_URL");
    expect(result.output).toContain("REDIS_URL");
    expect(result.output).not.toMatch(/^\s+at /m);
    const last = lines(result.output).at(-1) ?? "";
    const counts = SUMMARY.exec(last);
    expect(counts, `last line: ${last}`).not.toBeNull();
    expect(Number(counts?.[1])).toBe(0);
    expect(Number(counts?.[2])).toBeGreaterThan(10);
  }, 30_000);
});

describe("discoverServices", () => {
  it("takes DATABASE_URL and REDIS_URL as given, without probing", async () => {
    const found = await discoverServices({
      DATABASE_URL: "postgres://u@db.invalid:5432/x",
      REDIS_URL: "redis://cache.invalid:6379",
    });
    expect(found).toMatchObject({
      databaseUrl: "postgres://u@db.invalid:5432/x",
      redisUrl: "redis://cache.invalid:6379",
      sources: { postgres: "env", redis: "env" },
    });
  });

  it("finds servers that answer on the probed ports, and they work", async () => {
    const found = await discoverServices({
      VSS_TEST_POSTGRES_ADDRESS: postgresAddress,
      VSS_TEST_REDIS_ADDRESS: redisAddress,
      VSS_TEST_DOCKER: "off",
    });
    expect(found.sources).toEqual({ postgres: "local", redis: "local" });
    expect(found.databaseUrl).toBe(`postgres://postgres@${postgresAddress}/postgres`);
    expect(await postgresAnswers(found.databaseUrl)).toBe(true);
    expect(await redisAnswers(new URL(found.redisUrl).host)).toBe(true);
  });

  it("uses DATABASE_URL when set and probes only for Redis; a missing Redis is named alone", async () => {
    const found = await discoverServices({
      DATABASE_URL: "postgres://u@db.invalid:5432/x",
      VSS_TEST_REDIS_ADDRESS: redisAddress,
      VSS_TEST_DOCKER: "off",
    });
    expect(found.sources).toEqual({ postgres: "env", redis: "local" });
    const port = await closedPort();
    await expect(
      discoverServices({
        DATABASE_URL: "postgres://u@db.invalid:5432/x",
        VSS_TEST_REDIS_ADDRESS: `127.0.0.1:${port}`,
        VSS_TEST_DOCKER: "off",
      }),
    ).rejects.toThrow(missingServicesMessage(["Redis"], { postgres: "", redis: `127.0.0.1:${port}` }));
  });

  it("does not take a port that is open but is not the service for one", async () => {
    // A port answering something else (here an HTTP error, then a close) is neither Redis nor Postgres.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (typeof address !== "object" || address === null) throw new Error("no port");
    try {
      expect(await redisAnswers(`127.0.0.1:${address.port}`)).toBe(false);
      expect(await postgresAnswers(`postgres://postgres@127.0.0.1:${address.port}/postgres`)).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
