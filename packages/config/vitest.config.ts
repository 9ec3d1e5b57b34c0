// Shared settings (JSON report for the workspace test summary); add package-specific ones with mergeConfig.
export { default } from "../../vitest.shared.js";
