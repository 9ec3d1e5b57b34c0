// Shared settings plus PostgreSQL/Redis discovery (DATABASE_URL / REDIS_URL, or testcontainers), and
// a build first if the sources changed: api-process.test.ts spawns the compiled process (dist/main.js).
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineConfig({
    test: { globalSetup: ["@vss-mirror/test-services/global-setup", "../../vitest.ensure-built.ts"] },
  }),
);
