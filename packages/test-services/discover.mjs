// Finds the PostgreSQL and Redis that the tests use, in this order for each service:
//   1. DATABASE_URL / REDIS_URL, when set;
//   2. the local default port (127.0.0.1:5432, 127.0.0.1:6379), when a server answers there;
//   3. a throwaway container from testcontainers, when a Docker engine answers;
// and otherwise fails with one MissingServicesError saying what to provide.
//
// Plain JavaScript, not TypeScript, because `pnpm test` (scripts/test.mjs) runs it before anything is
// built: the answer on a machine without services must come within seconds, not after a build.
// VSS_TEST_POSTGRES_ADDRESS / VSS_TEST_REDIS_ADDRESS (host:port) move the probed defaults, so a test
// can point them at closed ports; VSS_TEST_DOCKER=off skips the Docker engine (a test of the "nothing
// found" path on a machine that has one).
import { connect } from "node:net";
import { clearTimeout, setTimeout } from "node:timers";
import pg from "pg";

export const DEFAULT_POSTGRES_ADDRESS = "127.0.0.1:5432";
export const DEFAULT_REDIS_ADDRESS = "127.0.0.1:6379";
const PROBE_TIMEOUT_MS = 1_500;
const RUNTIME_TIMEOUT_MS = 2_500;

export class MissingServicesError extends Error {
  constructor(message) {
    super(message);
    this.name = "MissingServicesError";
  }
}

/** The message for a machine that has none of the three ways to get `missing` (["PostgreSQL", "Redis"]). */
export function missingServicesMessage(missing, addresses) {
  const wanted = missing.join(" and ");
  const ways = [];
  if (missing.includes("PostgreSQL")) {
    ways.push("DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)");
  }
  if (missing.includes("Redis")) ways.push("REDIS_URL (e.g. redis://127.0.0.1:6379)");
  const local = missing
    .map((name) => `${name} on ${name === "PostgreSQL" ? addresses.postgres : addresses.redis}`)
    .join(" and ");
  return (
    `These tests need ${wanted}, and found none: set ${ways.join(" and ")}, or start ${local}, ` +
    `or run a Docker engine so that testcontainers can start ${missing.length > 1 ? "them" : "it"}.`
  );
}

/**
 * Resolves to `{ databaseUrl, redisUrl, sources, stop }`: `sources` says where each came from
 * ("env", "local" or "container"), `stop` removes the containers it started. Rejects with a
 * MissingServicesError when a service cannot be had.
 */
export async function discoverServices(env) {
  const addresses = {
    postgres: env.VSS_TEST_POSTGRES_ADDRESS || DEFAULT_POSTGRES_ADDRESS,
    redis: env.VSS_TEST_REDIS_ADDRESS || DEFAULT_REDIS_ADDRESS,
  };
  const localPostgres = `postgres://postgres@${addresses.postgres}/postgres`;
  const localRedis = `redis://${addresses.redis}`;
  const [postgresLocal, redisLocal] = await Promise.all([
    env.DATABASE_URL ? false : postgresAnswers(localPostgres),
    env.REDIS_URL ? false : redisAnswers(addresses.redis),
  ]);
  let databaseUrl = env.DATABASE_URL || (postgresLocal ? localPostgres : undefined);
  let redisUrl = env.REDIS_URL || (redisLocal ? localRedis : undefined);
  const sources = {
    postgres: env.DATABASE_URL ? "env" : postgresLocal ? "local" : "container",
    redis: env.REDIS_URL ? "env" : redisLocal ? "local" : "container",
  };
  let stop = async () => {};
  if (databaseUrl === undefined || redisUrl === undefined) {
    const missing = [
      ...(databaseUrl === undefined ? ["PostgreSQL"] : []),
      ...(redisUrl === undefined ? ["Redis"] : []),
    ];
    if (env.VSS_TEST_DOCKER === "off" || !(await containerRuntimeAnswers())) {
      throw new MissingServicesError(missingServicesMessage(missing, addresses));
    }
    const started = await startContainers({
      postgres: databaseUrl === undefined,
      redis: redisUrl === undefined,
    });
    databaseUrl ??= started.databaseUrl;
    redisUrl ??= started.redisUrl;
    stop = started.stop;
  }
  return { databaseUrl, redisUrl, sources, stop };
}

/** True when a PostgreSQL server accepts `url` and answers a query. */
export async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** True when a Redis server at `host:port` answers PING with PONG (not, say, NOAUTH). */
export function redisAnswers(address) {
  const { host, port } = splitAddress(address);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = "";
    const done = (answer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), PROBE_TIMEOUT_MS);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
    socket.on("error", () => done(false));
    socket.on("close", () => done(false));
  });
}

async function containerRuntimeAnswers() {
  const { getContainerRuntimeClient } = await import("testcontainers");
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), RUNTIME_TIMEOUT_MS);
  });
  try {
    return await Promise.race([getContainerRuntimeClient().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts throwaway PostgreSQL and/or Redis containers (a Docker engine must answer). */
export async function startContainers(which = { postgres: true, redis: true }) {
  const [{ PostgreSqlContainer }, { RedisContainer }] = await Promise.all([
    import("@testcontainers/postgresql"),
    import("@testcontainers/redis"),
  ]);
  const [postgres, redis] = await Promise.all([
    which.postgres ? new PostgreSqlContainer("postgres:16-alpine").start() : undefined,
    which.redis ? new RedisContainer("redis:7-alpine").start() : undefined,
  ]);
  return {
    databaseUrl: postgres?.getConnectionUri(),
    redisUrl: redis?.getConnectionUrl(),
    stop: async () => {
      await Promise.all([postgres?.stop(), redis?.stop()]);
    },
  };
}

function splitAddress(address) {
  const at = address.lastIndexOf(":");
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(address.slice(at + 1)) };
}
