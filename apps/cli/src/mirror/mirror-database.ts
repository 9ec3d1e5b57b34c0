// The earlier entry point of "server or data folder", kept for the commands that still call it; new
// code uses openCliDatabase (with-database.ts), which reads the same settings from the config.
import { DEFAULT_DATA_DIR } from "@vss-mirror/config";
import { type FolderHolder, openDatabase, type OpenedDatabase } from "@vss-mirror/db";

export { DEFAULT_DATA_DIR };

export type MirrorDatabase = OpenedDatabase;

/** The server when a DATABASE_URL is given, else PGlite in `dataDir` (default ./.data/pglite). */
export function openMirrorDatabase(options: {
  databaseUrl: string;
  dataDir: string | undefined;
  wait?: boolean;
  onWait?: (holder: FolderHolder) => void;
}): Promise<MirrorDatabase> {
  return openDatabase({
    url: options.databaseUrl,
    dataDir: options.dataDir?.trim() || DEFAULT_DATA_DIR,
    applicationName: "vss-mirror-cli",
    lock: { wait: options.wait ?? false, ...(options.onWait ? { onWait: options.onWait } : {}) },
  });
}
