export * from "./schema.js";
export {
  connectDatabase,
  type Database,
  type DatabaseHandle,
  type DatabaseOptions,
  type Listener,
  type ListenHandlers,
} from "./connect.js";
export type { Connection } from "./connection.js";
export { copyLine, type CopyValue } from "./copy-text.js";
export { BinaryCopy, textArray } from "./copy-binary.js";
export { databaseProblem, isDatabaseUnavailable } from "./database-problem.js";
export {
  FolderBusyError,
  type FolderHolder,
  type FolderLock,
  type FolderLockOptions,
  sqlSocketUrl,
} from "./folder-lock.js";
export { openEmbeddedDatabase, type EmbeddedDatabaseOptions } from "./embedded.js";
export { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from "./open-database.js";
export { serveSqlSocket, type SqlSocket, type SqlSocketOptions } from "./sql-socket.js";
export { rowsOf } from "./rows-of.js";
export { migrateDatabase, MIGRATIONS_FOLDER } from "./migrate.js";
