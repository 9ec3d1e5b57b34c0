import { loadConfig } from "@vss-mirror/config";
import { migrateDatabase, serveSqlSocket, sqlSocketUrl } from "@vss-mirror/db";
import type { CommandContext } from "../command-context.js";
import { EXIT, type ExitCode } from "../exit-code.js";
import { println } from "../io.js";
import { untilAborted } from "../serve/until-aborted.js";
import { type DatabaseFlags, openCliDatabase } from "../with-database.js";

export interface ServeSqlFlags extends DatabaseFlags {
  host: string;
  /** 0: any free port (printed). */
  port: number;
}

/** What serve-sql and serve say when DATABASE_URL is set: there is a server to connect to already. */
export const NOT_EMBEDDED =
  "DATABASE_URL is set, so the mirror is on a PostgreSQL server: connect to it directly " +
  "(unset DATABASE_URL to serve the data folder, VSS_MIRROR_DATA_DIR)";

/**
 * `serve-sql`: holds the data folder and serves it over the PostgreSQL protocol until interrupted, so
 * that psql and BI tools can query the embedded mirror. Migrates first: a fresh folder gets the schema.
 */
export async function serveSqlCommand(context: CommandContext, flags: ServeSqlFlags): Promise<ExitCode> {
  const { io, signal } = context;
  const config = loadConfig(context.env, []);
  if (config.databaseUrl) {
    println(io.stderr, `vss-mirror: serve-sql serves the embedded database; ${NOT_EMBEDDED}`);
    return EXIT.usage;
  }
  const { database, description } = await openCliDatabase(config, context, flags);
  try {
    await migrateDatabase(database);
    const socket = await serveSqlSocket(database, { host: flags.host, port: flags.port });
    try {
      println(io.stdout, `serving ${description} on ${socket.host}:${socket.port}`);
      println(io.stdout, `connect with: psql -h ${socket.host} -p ${socket.port} -U postgres`);
      println(io.stdout, `        or:   DATABASE_URL=${sqlSocketUrl(socket)}`);
      println(io.stdout, "Ctrl-C stops it.");
      await untilAborted(signal);
    } finally {
      await socket.close();
    }
    return EXIT.ok;
  } finally {
    await database.close();
  }
}
