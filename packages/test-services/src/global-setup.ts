// Vitest globalSetup: hand the tests the PostgreSQL and Redis they need. `pnpm test` (scripts/test.mjs)
// discovers them once and passes DATABASE_URL and REDIS_URL down; a vitest run started by hand in one
// package without them discovers them here, the same way (../discover.mjs). A test of the storage
// layer never skips silently: without services the run fails with the one message saying what to provide.
import type { TestProject } from "vitest/node";
import { discoverServices } from "../discover.mjs";
import "./provided.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const found = await discoverServices(process.env);
  project.provide("databaseUrl", found.databaseUrl);
  project.provide("redisUrl", found.redisUrl);
  return found.stop;
}
