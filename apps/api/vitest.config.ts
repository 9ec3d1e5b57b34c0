// Shared settings plus PostgreSQL/Redis discovery (DATABASE_URL / REDIS_URL, or testcontainers).
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineConfig({ test: { globalSetup: ["@vss-mirror/test-services/global-setup"] } }),
);
