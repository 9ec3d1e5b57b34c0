import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { DatabaseHandle } from "@vss-mirror/db";
import type { CommandContext } from "./command-context.js";
import { EXIT, type ExitCode } from "./exit-code.js";
import { hasVssSchema, NO_SCHEMA_ADVICE } from "./has-vss-schema.js";
import { println } from "./io.js";
import { DEFAULT_DATA_DIR, openMirrorDatabase } from "./mirror/mirror-database.js";

/**
 * Runs a maintenance command's `work` on the mirror: the server when DATABASE_URL is set, else the
 * embedded mirror of `mirror` (VSS_MIRROR_DATA_DIR, default ./.data/pglite), which it holds locked
 * meanwhile. Never creates a mirror: a missing folder or schema is an error saying so.
 */
export async function withMirror(
  { env, io }: CommandContext,
  databaseUrl: string,
  work: (database: DatabaseHandle) => Promise<ExitCode>,
): Promise<ExitCode> {
  if (!databaseUrl) {
    const dataDir = resolve(env.VSS_MIRROR_DATA_DIR?.trim() || DEFAULT_DATA_DIR);
    if (!existsSync(dataDir)) {
      println(io.stderr, `no DATABASE_URL, and no embedded mirror in ${dataDir} (VSS_MIRROR_DATA_DIR)`);
      return EXIT.usage;
    }
  }
  const { database } = await openMirrorDatabase({ databaseUrl, dataDir: env.VSS_MIRROR_DATA_DIR });
  try {
    if (!(await hasVssSchema(database))) {
      println(io.stderr, NO_SCHEMA_ADVICE);
      return EXIT.failed;
    }
    return await work(database);
  } finally {
    await database.close();
  }
}
