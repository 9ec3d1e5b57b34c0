// Shared vitest settings: every package writes a JSON report so that `pnpm test` can print one
// `tests: N passed, N failed` line for the whole workspace (scripts/test.mjs reads the reports).
import { defineConfig } from "vitest/config";

export const REPORT_FILE = "test-results/vitest.json";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: REPORT_FILE }]],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
