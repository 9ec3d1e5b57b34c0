// Shared settings plus the services: tests run the real CLI against PostgreSQL (and Redis for --via-queue).
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      globalSetup: ["@vss-mirror/test-services/global-setup"],
      // Each test spawns a CLI process (tsx startup is ~1 s on these 2 cores).
      testTimeout: 60_000,
    },
  }),
);
