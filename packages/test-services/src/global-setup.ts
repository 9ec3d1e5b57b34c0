// Vitest globalSetup: find PostgreSQL and Redis for the tests that need them.
// DATABASE_URL / REDIS_URL win (CI and the developers' machines run both locally); otherwise, where a
// container runtime answers (a laptop with Docker), testcontainers starts them. With neither, fail with a
// message saying what to provide: a test of the storage layer must never skip silently.
import type { TestProject } from "vitest/node";
import { startContainers } from "./containers.js";
import "./provided.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = { databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL };
  if (fromEnv.databaseUrl && fromEnv.redisUrl) {
    project.provide("databaseUrl", fromEnv.databaseUrl);
    project.provide("redisUrl", fromEnv.redisUrl);
    return async () => {};
  }
  const started = await startContainers();
  project.provide("databaseUrl", fromEnv.databaseUrl ?? started.databaseUrl);
  project.provide("redisUrl", fromEnv.redisUrl ?? started.redisUrl);
  return started.stop;
}
