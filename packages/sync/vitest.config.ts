// Every test file runs twice: against a real PostgreSQL server and against PGlite, the embedded
// Postgres of `vss-mirror mirror`, so that both paths keep the same engine honest. The PGlite project
// needs no server at all (`vitest run --project pglite`).
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.js";
import "./test/backend.js";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: "postgres",
            globalSetup: ["@vss-mirror/test-services/global-setup"],
            provide: { backend: "postgres" },
          },
        },
        { extends: true, test: { name: "pglite", provide: { backend: "pglite" } } },
      ],
    },
  }),
);
