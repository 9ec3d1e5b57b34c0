import { mkdir } from "node:fs/promises";
import type { Database, DatabaseHandle } from "./connect.js";
import type { Connection } from "./connection.js";
import { TurnSession } from "./embedded-session.js";
import { type FolderLockOptions, lockFolder } from "./folder-lock.js";
import * as schema from "./schema.js";

export interface EmbeddedDatabaseOptions {
  /** Folder holding the PGlite data files; created (with its parents) if missing. Required. */
  dataDir: string;
  /** How to wait for another process holding the folder (see lockFolder). Default: fail at once. */
  lock?: FolderLockOptions;
}

/**
 * Opens (or creates) an embedded PostgreSQL, PGlite, in a data folder: the same schema, migrations and
 * sync engine as a server, with nothing to install. One process at a time may open a folder: another
 * gets FolderBusyError naming the holder's pid (or waits, with `lock.wait`). Close it when done:
 * closing flushes it to disk and lets the folder go.
 */
export async function openEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<DatabaseHandle> {
  // Imported here, not above: PGlite takes a while to load, and most users of this package (the server
  // path: worker, API, most CLI commands) never open an embedded database.
  const [{ PGlite, types }, { drizzle }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  await mkdir(options.dataDir, { recursive: true });
  const lock = await lockFolder(options.dataDir, options.lock);
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(options.dataDir, {
      // As node-postgres does, so raw rows look the same on both backends (bigint would be a number here
      // but a string there, and a BigInt past 2^53).
      parsers: { [types.INT8]: (value) => value, [types.NUMERIC]: (value) => value },
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
  // PgliteDatabase is a PgDatabase over PGlite's result type; the engine only uses what both share.
  const db = drizzle(client, { schema }) as unknown as Database;
  const turns = new Turns();
  // One turn at a time (Turns), so one TurnSession serves every turn: its statements, drizzle's
  // included, go through it, and its `begin` holds PGlite's transaction lock (see TurnSession).
  const session = new TurnSession(client);
  const connection: Connection = {
    db: drizzle({ client: session as unknown as InstanceType<typeof PGlite>, schema }) as unknown as Database,
    async query<T>(text: string, params?: unknown[]) {
      return (await session.query<T>(text, params)).rows;
    },
    async copyInto(table, columns, data, format = "text") {
      // PGlite reads COPY input from a virtual device fed with a Blob.
      await session.query(
        `copy ${table} (${columns.join(", ")}) from '/dev/blob' with (format ${format})`,
        [],
        {
          blob: new Blob(typeof data === "string" ? [data] : [...data]),
        },
      );
    },
  };
  return {
    kind: "pglite",
    db,
    embedded: { dataDir: options.dataDir, pglite: client, lock },
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query<T>(text, params)).rows;
    },
    withConnection: (work) =>
      turns.take(async () => {
        try {
          return await work(connection);
        } catch (error) {
          // The server path destroys a connection whose session state is unknown; here the session
          // lives on, so release what a failed caller may have left open or held.
          await session.end();
          await client.query("select pg_advisory_unlock_all()").catch(() => {});
          throw error;
        } finally {
          await session.end();
        }
      }),
    async close() {
      await turns.idle();
      try {
        await client.close();
      } finally {
        await lock.release();
      }
    },
  };
}

/**
 * PGlite is ONE session: two runs given "their own connection" at once would share session state (locks)
 * and interleave statements. Callers take turns instead, in arrival order.
 */
class Turns {
  #tail: Promise<unknown> = Promise.resolve();

  take<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.#tail.then(work);
    this.#tail = turn.catch(() => {});
    return turn;
  }

  idle(): Promise<unknown> {
    return this.#tail;
  }
}
