// The embedded database over the PostgreSQL wire protocol (pglite-socket), so that psql, BI tools and
// node-postgres can query a data folder while this process holds it.
import type { PGlite } from "@electric-sql/pglite";
import type { DatabaseHandle } from "./connect.js";

export interface SqlSocketOptions {
  /** Default 127.0.0.1: the socket has no password, so it listens on loopback unless told otherwise. */
  host?: string;
  /** Default 5433 (beside a server's 5432); 0 picks a free port. */
  port?: number;
  /** Clients connected at once. Default 32 (a pool of node-postgres takes several). */
  maxConnections?: number;
}

export interface SqlSocket {
  host: string;
  port: number;
  /** Stops listening, disconnects the clients (rolling back an open transaction of theirs). */
  close(): Promise<void>;
}

/**
 * Serves an embedded database (openEmbeddedDatabase) on a TCP socket, and records where in the data
 * folder's lock, so that another process refused the folder is told to connect here instead.
 *
 * PGlite is ONE session, shared by the socket's clients and this process's own work (a sync). So a
 * client's statements never run inside this process's transactions, nor the other way round: each
 * client message waits for PGlite's transaction lock, and a client that opens a transaction keeps that
 * lock until it commits or rolls back (or disconnects). Clients take turns the same way among themselves
 * (pglite-socket's queue).
 */
export async function serveSqlSocket(
  database: DatabaseHandle,
  options: SqlSocketOptions = {},
): Promise<SqlSocket> {
  if (!database.embedded) {
    throw new Error("only an embedded database (a data folder) is served over a SQL socket");
  }
  const { pglite, lock } = database.embedded;
  // Loaded here: only serve-sql and serve need it.
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const server = new PGLiteSocketServer({
    db: sharedSession(pglite),
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 5433,
    maxConnections: options.maxConnections ?? 32,
  });
  await server.start();
  // "host:port" once listening (the real port when 0 was asked for).
  const address = server.getServerConn();
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[|\]$/g, "");
  const port = Number(address.slice(colon + 1));
  await lock.setSql({ host, port });
  return {
    host,
    port,
    async close() {
      await lock.setSql(undefined).catch(() => {});
      await server.stop();
    },
  };
}

/**
 * What pglite-socket calls on its `db`, each under PGlite's transaction lock (see serveSqlSocket). The
 * lock is held from a client message that leaves a transaction open until one that closes it.
 */
function sharedSession(pglite: PGlite): PGlite {
  let release: (() => void) | undefined;
  const hold = () =>
    new Promise<void>((held) => {
      void pglite._runExclusiveTransaction(
        () =>
          new Promise<void>((done) => {
            release = done;
            held();
          }),
      );
    });
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    if (release === undefined) await hold();
    try {
      return await pglite.runExclusive(work);
    } finally {
      if (!pglite.isInTransaction()) {
        release?.();
        release = undefined;
      }
    }
  };
  const session = {
    get waitReady() {
      return pglite.waitReady;
    },
    // A socket client's transaction only: one of this process's own (a sync's) is open while the
    // socket does not hold the lock, and pglite-socket would otherwise wait for a client to end it.
    isInTransaction: () => release !== undefined && pglite.isInTransaction(),
    runExclusive: exclusively,
    execProtocolRawStream: pglite.execProtocolRawStream.bind(pglite),
    // pglite-socket calls it only to roll back the open transaction of a client that went away, while
    // that client holds the lock: PGlite's own exec would wait for the lock forever.
    exec: (query: string) => exclusively(() => pglite.execProtocolRaw(simpleQuery(query))),
  };
  return session as unknown as PGlite;
}

/** A simple-protocol Query message ('Q', int32 length, the text NUL-terminated). */
function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`, "utf8");
  const message = Buffer.alloc(5 + body.length);
  message.write("Q", 0, "ascii");
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}
