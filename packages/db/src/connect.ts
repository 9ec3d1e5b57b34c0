import type { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Connection } from "./connection.js";
import type { FolderLock } from "./folder-lock.js";
import * as schema from "./schema.js";

/** Drizzle over any Postgres driver this project uses (node-postgres here; PGlite for the embedded path). */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseOptions {
  /** postgres:// connection string. */
  url: string;
  /** Pool size. Default 10. */
  max?: number;
  /** Sent as application_name, so runs are easy to find in pg_stat_activity. Default "vss-mirror". */
  applicationName?: string;
}

/**
 * One database, whichever way it is reached: a PostgreSQL server (connectDatabase) or an embedded PGlite
 * data folder (openEmbeddedDatabase). The sync engine, migrations and reports use only this interface.
 */
export interface DatabaseHandle {
  /** "postgres": a server through node-postgres; "pglite": embedded, one session in this process. */
  kind: "postgres" | "pglite";
  /** Pooled on a server: each statement may run on a different connection. */
  db: Database;
  /**
   * Runs raw SQL (with `$1`-style parameters) and returns its rows. Both drivers parse values alike:
   * bigint and numeric as strings, timestamps as Dates, json as values.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `work` on one dedicated connection, for what must share a session: advisory locks, temp tables,
   * COPY and a transaction that spans many statements. On PGlite (one session) callers take turns.
   */
  withConnection<T>(work: (connection: Connection) => Promise<T>): Promise<T>;
  /** The node-postgres pool; only on a server ("postgres"), for what needs a client of its own. */
  pool?: pg.Pool;
  /**
   * Only on a server: LISTENs on `channel` on a connection of its own (outside the pool, which it would
   * hold forever), calling `onNotify` with each payload, and `onLost` once if the connection fails
   * (nothing is heard after that: listen again). Resolves once listening.
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<Listener>;
  /** Only on PGlite ("pglite"): the engine and the folder it holds, for its SQL socket (sql-socket.ts). */
  embedded?: { dataDir: string; pglite: PGlite; lock: FolderLock };
  close(): Promise<void>;
}

export interface Listener {
  /**
   * A round trip on the listening connection. Postgres sends a session its notifications before it
   * answers, so once this resolves, every notification committed before it was sent has been heard.
   */
  ping(): Promise<void>;
  stop(): Promise<void>;
}

export interface ListenHandlers {
  onNotify(payload: string): void;
  onLost(error: Error): void;
}

/** Opens a pooled connection to PostgreSQL. Close it when done, or the process will not exit. */
export function connectDatabase(options: DatabaseOptions): DatabaseHandle & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "vss-mirror",
  });
  // An idle client that loses its server (restart, failover) emits 'error' on the pool; without a
  // listener that kills the process. The next query gets a fresh connection instead.
  pool.on("error", () => {});
  return {
    kind: "postgres",
    db: drizzle(pool, { schema }),
    pool,
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params)).rows as T[];
    },
    async withConnection(work) {
      const client = await pool.connect();
      // The pool stops listening to a client it hands out; a checked-out client that loses its server
      // (a restart, pg_terminate_backend) then emits 'error', which kills the process unless someone
      // listens. The statement in flight rejects by itself; the client is destroyed on release.
      let lost: Error | undefined;
      const onError = (error: Error) => (lost ??= error);
      client.on("error", onError);
      let broken: Error | undefined;
      try {
        return await work(serverConnection(client));
      } catch (error) {
        // A connection whose session state is unknown (lock held, transaction open) must not go back
        // to the pool; destroying it makes the server release both.
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken ?? lost);
      }
    },
    async listen(channel, handlers) {
      const client = new pg.Client({
        connectionString: options.url,
        // Told apart from the pool's sessions in pg_stat_activity.
        application_name: `${options.applicationName ?? "vss-mirror"} listen`,
      });
      // Reported once, and only once listening: before that, the returned promise rejects instead.
      let listening = false;
      let lost = false;
      let stopping = false;
      const onLost = (error: Error) => {
        if (!listening || lost || stopping) return;
        lost = true;
        handlers.onLost(error);
      };
      client.on("error", onLost);
      client.on("end", () => onLost(new Error("the listening connection ended")));
      client.on("notification", (message) => {
        if (message.channel === channel) handlers.onNotify(message.payload ?? "");
      });
      try {
        await client.connect();
        await client.query(`listen ${client.escapeIdentifier(channel)}`);
        listening = true;
      } catch (error) {
        stopping = true;
        await client.end().catch(() => {});
        throw error;
      }
      return {
        async ping() {
          await client.query("select 1");
        },
        async stop() {
          stopping = true;
          await client.end().catch(() => {});
        },
      };
    },
    close: () => pool.end(),
  };
}

function serverConnection(client: pg.PoolClient): Connection {
  return {
    db: drizzle(client, { schema }),
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as T[];
    },
    copyInto: (table, columns, data, format = "text") =>
      new Promise<void>((resolve, reject) => {
        const stream = client.query(
          copyFrom(`copy ${table} (${columns.join(", ")}) from stdin with (format ${format})`),
        );
        stream.on("error", reject);
        stream.on("finish", () => resolve());
        if (typeof data === "string") stream.end(data);
        else {
          for (const chunk of data) stream.write(chunk);
          stream.end();
        }
      }),
  };
}
