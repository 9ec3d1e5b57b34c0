import { resolve } from "node:path";
import {
  connectDatabase,
  type DatabaseHandle,
  type FolderHolder,
  openEmbeddedDatabase,
} from "@vss-mirror/db";

/** Where `mirror` keeps its embedded database when neither DATABASE_URL nor VSS_MIRROR_DATA_DIR is set. */
export const DEFAULT_DATA_DIR = ".data/pglite";

export interface MirrorDatabase {
  database: DatabaseHandle;
  /** For the report: "PostgreSQL server" or the data folder. */
  description: string;
}

/**
 * The server when a DATABASE_URL is given, else PGlite in `dataDir` (relative to the working directory),
 * so that the first run needs nothing installed.
 */
export async function openMirrorDatabase(options: {
  databaseUrl: string;
  dataDir: string | undefined;
  /** Wait for another process holding the data folder instead of failing at once. */
  wait?: boolean;
  onWait?: (holder: FolderHolder) => void;
}): Promise<MirrorDatabase> {
  if (options.databaseUrl) {
    return {
      database: connectDatabase({ url: options.databaseUrl, max: 4, applicationName: "vss-mirror-cli" }),
      description: "PostgreSQL server (DATABASE_URL)",
    };
  }
  const dataDir = resolve(options.dataDir?.trim() || DEFAULT_DATA_DIR);
  return {
    database: await openEmbeddedDatabase({
      dataDir,
      lock: { wait: options.wait ?? false, ...(options.onWait ? { onWait: options.onWait } : {}) },
    }),
    description: `embedded PostgreSQL (PGlite) in ${dataDir}`,
  };
}
