import { PostgreSqlContainer } from "@testcontainers/postgresql";
import { RedisContainer } from "@testcontainers/redis";
import { getContainerRuntimeClient } from "testcontainers";

export const MISSING_SERVICES =
  "These tests need PostgreSQL and Redis. Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) " +
  "and REDIS_URL (e.g. redis://127.0.0.1:6379), or run a Docker engine so that testcontainers can start them.";

/** Starts throwaway PostgreSQL and Redis containers; throws {@link MISSING_SERVICES} without a runtime. */
export async function startContainers(): Promise<{
  databaseUrl: string;
  redisUrl: string;
  stop: () => Promise<void>;
}> {
  try {
    await getContainerRuntimeClient();
  } catch (cause) {
    throw new Error(MISSING_SERVICES, { cause });
  }
  const [postgres, redis] = await Promise.all([
    new PostgreSqlContainer("postgres:16-alpine").start(),
    new RedisContainer("redis:7-alpine").start(),
  ]);
  return {
    databaseUrl: postgres.getConnectionUri(),
    redisUrl: redis.getConnectionUrl(),
    stop: async () => {
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}
