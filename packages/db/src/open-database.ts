import { resolve } from "node:path";
import { connectDatabase, type DatabaseHandle } from "./connect.js";
import { openEmbeddedDatabase } from "./embedded.js";
import type { FolderLockOptions } from "./folder-lock.js";

export interface OpenDatabaseOptions {
  /** DATABASE_URL: a PostgreSQL server. Empty or absent: the embedded database in `dataDir`. */
  url?: string;
  /** VSS_MIRROR_DATA_DIR, relative to the working directory (the config's default: .data/pglite). */
  dataDir: string;
  /** How to wait for another process holding the data folder. Default: fail at once. */
  lock?: FolderLockOptions;
  /** Server pool size. Default 4. */
  max?: number;
  /** Server application_name. */
  applicationName?: string;
}

export interface OpenedDatabase {
  database: DatabaseHandle;
  /** For people: "PostgreSQL server (DATABASE_URL)" or the data folder. */
  description: string;
}

/**
 * The mirror's database as every app finds it: the server when DATABASE_URL is set, else PGlite in the
 * data folder, so that what `mirror` wrote is what `status`, `report`, the API and `serve` read.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (options.url) {
    return {
      database: connectDatabase({
        url: options.url,
        max: options.max ?? 4,
        ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
      }),
      description: "PostgreSQL server (DATABASE_URL)",
    };
  }
  const dataDir = resolve(options.dataDir);
  return {
    database: await openEmbeddedDatabase({ dataDir, ...(options.lock ? { lock: options.lock } : {}) }),
    description: `embedded PostgreSQL (PGlite) in ${dataDir}`,
  };
}
