// GET /healthz: 200 when Redis, Postgres and the worker are up; 503 naming what is down.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/index.js";
import { type Harness, silentLogger, startHarness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const healthz = async (url: string) => {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("health endpoint", () => {
  it("answers 200 ok when Redis, the database and the worker are up", async () => {
    const worker = await startWorker({ config: h.config(), logger: silentLogger(), prefix: h.prefix });
    try {
      await expect.poll(async () => (await healthz(worker.healthUrl)).status, { timeout: 10_000 }).toBe(200);
      expect((await healthz(worker.healthUrl)).body).toEqual({
        status: "ok",
        down: [],
        checks: { redis: "ok", database: "ok", worker: "ok" },
      });
      const other = await fetch(`${worker.healthUrl}/other`);
      expect(other.status).toBe(404);
    } finally {
      await worker.close();
    }
  });

  it("answers 503 naming Redis when Redis is unreachable", async () => {
    const port = await closedPort();
    const worker = await startWorker({
      config: h.config({ REDIS_URL: `redis://127.0.0.1:${port}` }),
      logger: silentLogger(),
      prefix: h.prefix,
    });
    try {
      const { status, body } = await healthz(worker.healthUrl);
      expect(status).toBe(503);
      expect(body.status).toBe("unavailable");
      expect(body.down).toContain("redis");
      expect(body.down).not.toContain("database");
      expect((body.checks as Record<string, string>).redis).toMatch(/^down: /);
    } finally {
      await worker.close({ force: true });
    }
  });

  it("answers 503 naming the database when Postgres is unreachable", async () => {
    const port = await closedPort();
    const worker = await startWorker({
      config: h.config({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/none` }),
      logger: silentLogger(),
      prefix: h.prefix,
    });
    try {
      await expect
        .poll(async () => (await healthz(worker.healthUrl)).body.down, { timeout: 10_000 })
        .toEqual(["database"]);
      expect((await healthz(worker.healthUrl)).status).toBe(503);
    } finally {
      await worker.close();
    }
  });
});
