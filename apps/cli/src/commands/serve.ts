import { loadApiConfig, loadConfig, maskUrl, upstreamIdentity } from "@vss-mirror/config";
import { migrateDatabase, serveSqlSocket, type SqlSocket, sqlSocketUrl } from "@vss-mirror/db";
import { runSync } from "@vss-mirror/sync";
import type { CommandContext } from "../command-context.js";
import { createLogger } from "../create-logger.js";
import { EXIT, type ExitCode } from "../exit-code.js";
import { println } from "../io.js";
import { cliLogLevel } from "../log-level.js";
import { oneLine } from "../one-line.js";
import { summaryLine } from "../report/summary-line.js";
import { startInlineSchedules } from "../serve/inline-schedules.js";
import { untilAborted } from "../serve/until-aborted.js";
import { vssClients } from "../vss-clients.js";
import { type DatabaseFlags, openCliDatabase } from "../with-database.js";
import { NOT_EMBEDDED } from "./serve-sql.js";

export interface ServeFlags extends DatabaseFlags {
  /** Serve the data folder over SQL on this port too (0: any free port). Default: no socket. */
  sqlPort?: number;
  sqlHost: string;
}

/**
 * `serve`: the whole service in one process, with no Redis and (on the data folder) no PostgreSQL
 * server: the schedules run their syncs inline, the cache API answers, and `--sql-port` adds the SQL
 * socket. Holds the data folder until interrupted; the run in flight then rolls back.
 */
export async function serveCommand(context: CommandContext, flags: ServeFlags): Promise<ExitCode> {
  const { env, io, signal } = context;
  const config = loadConfig(env, ["vss"]);
  const api = loadApiConfig(env);
  if (flags.sqlPort !== undefined && config.databaseUrl) {
    println(io.stderr, `vss-mirror: --sql-port serves the embedded database; ${NOT_EMBEDDED}`);
    return EXIT.usage;
  }
  const logger = createLogger(cliLogLevel(env, config.logLevel, io.stderr.isTTY ?? false));
  const upstream = upstreamIdentity(config.vss.apiUrl);
  const clientFor = vssClients(config, logger);
  const { database, description } = await openCliDatabase(config, context, flags);
  let socket: SqlSocket | undefined;
  try {
    await migrateDatabase(database);
    if (flags.sqlPort !== undefined) {
      socket = await serveSqlSocket(database, { host: flags.sqlHost, port: flags.sqlPort });
    }
    // Loaded here: fastify and the routes are for serve alone among the CLI's commands.
    const { buildApi } = await import("@vss-mirror/api");
    const server = await buildApi({ database, config: api, logger });
    await server.listen({ host: api.host, port: api.port });
    const address = server.server.address();
    const listening =
      typeof address === "object" && address !== null ? address : { address: api.host, port: api.port };
    const schedules = startInlineSchedules({
      config,
      logger,
      runScope: async (scope, stop) => {
        try {
          const result = await runSync({
            database,
            client: clientFor(scope),
            scope,
            trigger: "schedule",
            upstream,
            concurrency: config.sync.concurrency,
            personalSync: {
              pollIntervalMs: config.sync.personalPollMs,
              timeoutMs: config.sync.personalTimeoutMs,
            },
            logger,
            signal: stop,
          });
          println(io.stdout, summaryLine(result));
        } catch (error) {
          println(io.stderr, `sync failed for scope ${scope}: ${oneLine(error)}`);
          throw error;
        }
      },
    });
    try {
      println(io.stdout, `serving ${description}`);
      println(io.stdout, `upstream: ${maskUrl(config.vss.apiUrl) ?? "VSS_API_URL"}`);
      println(
        io.stdout,
        `schedules (${config.schedule.timezone}): public "${config.schedule.public}"` +
          (schedules.scopes.personal.length > 0
            ? `, personal "${config.schedule.personal}" (${schedules.scopes.personal.join(", ")})`
            : ""),
      );
      println(io.stdout, `cache API: http://${hostPort(listening.address, listening.port)}`);
      if (socket) {
        println(
          io.stdout,
          `SQL: psql -h ${socket.host} -p ${socket.port} -U postgres (${sqlSocketUrl(socket)})`,
        );
      }
      println(io.stdout, "Ctrl-C stops it.");
      await untilAborted(signal);
    } finally {
      await schedules.stop();
      await server.close();
    }
    return EXIT.ok;
  } finally {
    await socket?.close();
    await database.close();
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}
