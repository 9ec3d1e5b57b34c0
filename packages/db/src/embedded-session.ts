import type { PGlite, QueryOptions, Results, Transaction } from "@electric-sql/pglite";

/** The part of PGlite a drizzle client and a Connection use. */
export interface SessionClient {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}

/**
 * The statements of one withConnection turn on PGlite, which is ONE session for the whole process.
 * The sync engine opens its transaction with a raw `begin` and ends it with `commit` or `rollback`;
 * between those, nothing else in the process (the cache API's reads, the SQL socket's clients) may run
 * a statement, or it would run inside the run's transaction: see uncommitted rows, or abort it with an
 * error of its own. So `begin` becomes a PGlite transaction, which holds PGlite's transaction lock
 * (every other query waits for it) until `commit` or `rollback`; the turn's statements run inside it.
 */
export class TurnSession implements SessionClient {
  #tx: Transaction | undefined;
  #finish: (() => void) | undefined;
  #ended: Promise<unknown> | undefined;

  constructor(private readonly client: PGlite) {}

  async query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const verb = /^\s*(begin|start\s+transaction|commit|end|rollback|abort)\b/i
      .exec(text)?.[1]
      ?.toLowerCase();
    if (verb === "begin" || verb?.startsWith("start")) {
      if (this.#tx) return this.#tx.query<T>(text, params, options); // Postgres warns, as it would
      await this.#open();
      return emptyResult<T>();
    }
    if (this.#tx && (verb === "commit" || verb === "end")) {
      await this.#close(false);
      return emptyResult<T>();
    }
    if (this.#tx && (verb === "rollback" || verb === "abort")) {
      await this.#close(true);
      return emptyResult<T>();
    }
    return this.#tx ? this.#tx.query<T>(text, params, options) : this.client.query<T>(text, params, options);
  }

  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.#tx) throw new Error("a transaction is already open on this connection");
    return this.client.transaction(work);
  }

  /** Rolls back what the turn left open (a failed caller), so the lock is never kept past its turn. */
  async end(): Promise<void> {
    if (this.#tx) await this.#close(true).catch(() => {});
  }

  #open(): Promise<void> {
    return new Promise<void>((opened, failed) => {
      const ended = this.client.transaction(
        (tx) =>
          new Promise<void>((finish) => {
            this.#tx = tx;
            this.#finish = finish;
            opened();
          }),
      );
      this.#ended = ended;
      // A BEGIN that failed never called back: say so to the caller of `begin`.
      ended.catch((error: unknown) => {
        if (!this.#tx) failed(error);
      });
    });
  }

  async #close(rollback: boolean): Promise<void> {
    const tx = this.#tx!;
    const ended = this.#ended!;
    this.#tx = undefined;
    this.#ended = undefined;
    try {
      if (rollback) await tx.rollback();
    } finally {
      this.#finish?.();
      this.#finish = undefined;
    }
    // PGlite commits (unless rolled back) and lets the lock go; a COMMIT that rolled back throws here.
    await ended;
  }
}

function emptyResult<T>(): Results<T> {
  return { rows: [], fields: [], affectedRows: 0 } as Results<T>;
}
