import type { Database } from "./connect.js";

/**
 * One database session, for what must share it: a transaction over many statements, advisory locks,
 * temp tables and COPY. Given by DatabaseHandle.withConnection.
 */
export interface Connection {
  /** Drizzle on this session. */
  db: Database;
  /** Raw SQL with `$1`-style parameters on this session; rows parsed as DatabaseHandle.query does. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Bulk-loads rows into `table` (a plain or temp table name, already quoted if it needs quoting) with
   * COPY: `data` is COPY text format (see copyLine), one line per row, in `columns` order, as one string
   * or as chunks of UTF-8 that each end on a row; with `format` "binary", BinaryCopy's chunks.
   */
  copyInto(
    table: string,
    columns: readonly string[],
    data: string | readonly Uint8Array[],
    format?: "text" | "binary",
  ): Promise<void>;
}
