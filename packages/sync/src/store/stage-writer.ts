import type { Connection } from "@vss-mirror/db";
import type { RunContext } from "../run-context.js";
import type { IdInterval } from "../walk/walked-page.js";
import { deleteAbsentIn } from "./delete-absent.js";
import { mergeBatch } from "./merge-batch.js";
import { CREATE_SEEN, recordSeenIds } from "./seen-ids.js";
import { CREATE_STAGE, STAGE_COLUMNS, STAGE_TABLE } from "./stage-columns.js";

/** Staged rows: COPY text (UTF-8), how many rows it holds, and for a keyset page the ids it covers. */
export interface StagedRows {
  data: Uint8Array;
  rows: number;
  covers?: IdInterval | undefined;
}

export interface StoreCounts {
  seen: number;
  inserted: number;
  updated: number;
  restored: number;
  unchanged: number;
  deleted: number;
}

/**
 * Stores a run's items on its connection, inside its transaction: rows gathered up to `batchRows`, then
 * COPY into the staging table, one check-and-record of their ids, one set-based merge. Statements are
 * few and large because each costs a round trip and a plan whatever its size.
 */
export class StageWriter {
  readonly counts: StoreCounts = { seen: 0, inserted: 0, updated: 0, restored: 0, unchanged: 0, deleted: 0 };
  #pending: Uint8Array[] = [];
  #pendingRows = 0;
  #intervals: IdInterval[] = [];
  #unbounded = false;

  constructor(
    private readonly connection: Connection,
    private readonly run: RunContext,
    private readonly batchRows: number,
  ) {}

  /** Creates the run's temp tables (dropped at commit or rollback). */
  async open(): Promise<void> {
    await this.connection.query(CREATE_STAGE);
    await this.connection.query(CREATE_SEEN);
  }

  async add(rows: StagedRows): Promise<void> {
    this.#pending.push(rows.data);
    this.#pendingRows += rows.rows;
    if (rows.covers) this.#intervals.push(rows.covers);
    else this.#unbounded = true;
    if (this.#pendingRows >= this.batchRows) await this.flush();
  }

  /** Stores whatever is gathered. */
  async flush(): Promise<void> {
    const chunks = this.#pending;
    const intervals = this.#intervals;
    const unbounded = this.#unbounded;
    this.#pending = [];
    this.#pendingRows = 0;
    this.#intervals = [];
    this.#unbounded = false;
    if (chunks.length === 0 && intervals.length === 0) return;
    if (chunks.length > 0) await this.connection.copyInto(STAGE_TABLE, STAGE_COLUMNS, chunks);
    // Page walks prove nothing about id intervals: their ids are collected for deleteAbsent at the end.
    if (unbounded) await recordSeenIds(this.connection);
    const merged = await mergeBatch(this.connection, this.run);
    this.counts.deleted += await deleteAbsentIn(this.connection, this.run, intervals);
    await this.connection.query(`truncate ${STAGE_TABLE}`);
    this.counts.seen += merged.seen;
    this.counts.inserted += merged.inserted;
    this.counts.updated += merged.updated;
    this.counts.restored += merged.restored;
    this.counts.unchanged += merged.seen - merged.inserted - merged.updated - merged.restored;
  }
}
