import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AppConfig } from "@vss-mirror/config";
import { type DatabaseHandle, openDatabase, type OpenedDatabase } from "@vss-mirror/db";
import type { CommandContext } from "./command-context.js";
import { println } from "./io.js";

export interface DatabaseFlags {
  /** `--wait`: wait for another process holding the data folder instead of failing at once. */
  wait?: boolean;
}

/** What a reading command says when the data folder holds no database yet. */
export class NoMirrorError extends Error {
  override name = "NoMirrorError";
  constructor(readonly dataDir: string) {
    super(
      `there is no mirror in ${dataDir} yet: run \`vss-mirror mirror\` first, ` +
        "or point VSS_MIRROR_DATA_DIR at another data folder, or DATABASE_URL at a server",
    );
  }
}

/**
 * The mirror's database for a command: the server when DATABASE_URL is set, else the embedded one in
 * the data folder (VSS_MIRROR_DATA_DIR), as `mirror` writes it. Close it when done.
 */
export function openCliDatabase(
  config: Pick<AppConfig, "databaseUrl" | "dataDir">,
  { io }: CommandContext,
  flags: DatabaseFlags & { readOnly?: boolean } = {},
): Promise<OpenedDatabase> {
  // A reader never creates a data folder: an empty new one would only hide a mistyped path.
  if (flags.readOnly && !config.databaseUrl && !existsSync(join(config.dataDir, "PG_VERSION"))) {
    throw new NoMirrorError(resolve(config.dataDir));
  }
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    applicationName: "vss-mirror-cli",
    lock: {
      wait: flags.wait ?? false,
      onWait: (holder) =>
        println(
          io.stderr,
          `waiting for pid ${holder.pid} ("${holder.command}") to release the data folder...`,
        ),
    },
  });
}

/** Runs `work` on the command's database, closed afterwards whatever happens (an open pool keeps Node alive). */
export async function withDatabase<T>(
  config: Pick<AppConfig, "databaseUrl" | "dataDir">,
  context: CommandContext,
  flags: DatabaseFlags & { readOnly?: boolean },
  work: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const { database } = await openCliDatabase(config, context, flags);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
