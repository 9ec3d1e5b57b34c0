// Shared settings plus the services: tests run the compiled CLI against PostgreSQL (and Redis for
// --via-queue), built first if its sources changed.
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      globalSetup: ["@vss-mirror/test-services/global-setup", "../../vitest.ensure-built.ts"],
      // Each test spawns a CLI process, some of them several, on 2 shared cores.
      testTimeout: 60_000,
    },
  }),
);
