export * from "./schema.js";
export { connectDatabase, type Database, type DatabaseHandle, type DatabaseOptions } from "./connect.js";
export { migrateDatabase, MIGRATIONS_FOLDER } from "./migrate.js";
