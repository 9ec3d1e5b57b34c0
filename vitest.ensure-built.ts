// A vitest globalSetup for packages whose tests spawn their compiled entry (dist/), as users run it:
// builds the package first when its sources, or its workspace dependencies', changed since the last
// build, exactly as `pnpm vss-mirror`, `pnpm worker`... do (scripts/ensure-built.mjs). Under `pnpm test`
// turbo has built it already and this only checks; `pnpm --filter <package> test` after an edit builds.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const ENSURE_BUILT = fileURLToPath(new URL("scripts/ensure-built.mjs", import.meta.url));

export default function setup(project: TestProject): void {
  execFileSync(process.execPath, [ENSURE_BUILT, project.config.root], { stdio: "inherit" });
}
