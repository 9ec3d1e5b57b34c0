import type { Connection } from "@vss-mirror/db";
import type { IsoImage } from "@vss-mirror/vss-client";
import type { RunContext } from "../run-context.js";
import type { IdInterval, WalkedPage } from "../walk/walked-page.js";
import { contentHash } from "./content-hash.js";
import { deleteAbsentIn } from "./delete-absent.js";
import { loadFirstBatch } from "./first-load.js";
import { mergeBatch, mergeCandidates } from "./merge-batch.js";
import { attachPartition, createPartitionTable, scopePartition } from "./scope-partition.js";
import { CREATE_SEEN, recordSeenIds, throwRepeated } from "./seen-ids.js";
import {
  CREATE_KEYS,
  CREATE_STAGE,
  KEYS_COLUMNS,
  KEYS_TABLE,
  keyRows,
  STAGE_COLUMNS,
  STAGE_TABLE,
  stageRows,
} from "./stage-columns.js";

export interface StoreCounts {
  seen: number;
  inserted: number;
  updated: number;
  restored: number;
  unchanged: number;
  deleted: number;
}

/**
 * Stores a run's items on its connection, inside its transaction, a batch of `batchRows` at a time.
 * A scope's first sync (it has no partition yet) COPYs every item into the staging table and loads them
 * into a new, detached partition, which finish() attaches. A resync COPYs only (vss_id, content hash)
 * pairs, stages in full only the items whose hash differs from the mirror's, merges those, and deletes
 * what the batch's keyset pages prove gone. Statements are few and large because each costs a round
 * trip and a plan whatever its size.
 */
export class StageWriter {
  readonly counts: StoreCounts = { seen: 0, inserted: 0, updated: 0, restored: 0, unchanged: 0, deleted: 0 };
  #items: IsoImage[] = [];
  #intervals: IdInterval[] = [];
  #unbounded = false;
  #firstLoad: string | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly run: RunContext,
    private readonly batchRows: number,
  ) {}

  /** Creates the run's temp tables (dropped at commit or rollback), and the partition of a first sync. */
  async open(): Promise<void> {
    for (const create of [CREATE_KEYS, CREATE_STAGE, CREATE_SEEN]) await this.connection.query(create);
    const partition = await scopePartition(this.connection, this.run.scope);
    if (!partition.exists) {
      await createPartitionTable(this.connection, partition.table);
      this.#firstLoad = partition.table;
    }
  }

  /** True during a scope's first sync: nothing is stored for it yet, so nothing can be gone. */
  get firstSync(): boolean {
    return this.#firstLoad !== undefined;
  }

  async add(page: WalkedPage): Promise<void> {
    for (const item of page.items) this.#items.push(item);
    if (page.covers) this.#intervals.push(page.covers);
    else this.#unbounded = true;
    if (this.#items.length >= this.batchRows) await this.flush();
  }

  /** Stores whatever is gathered. */
  async flush(): Promise<void> {
    const items = this.#items;
    const intervals = this.#intervals;
    const unbounded = this.#unbounded;
    this.#items = [];
    this.#intervals = [];
    this.#unbounded = false;
    if (items.length === 0 && intervals.length === 0) return;
    const hashes = items.map(contentHash);
    this.counts.seen += items.length;
    if (this.#firstLoad !== undefined) {
      await this.#copy(STAGE_TABLE, STAGE_COLUMNS, stageRows(items, hashes));
      await loadFirstBatch(this.connection, this.run, this.#firstLoad);
      await this.connection.query(`truncate ${STAGE_TABLE}`);
      this.counts.inserted += items.length;
      return;
    }
    await this.#copy(KEYS_TABLE, KEYS_COLUMNS, keyRows(items, hashes));
    // Page walks prove nothing about id intervals: their ids are collected for deleteAbsent at the end.
    if (unbounded) await recordSeenIds(this.connection);
    const candidates = await mergeCandidates(this.connection, this.run);
    let written = 0;
    if (candidates.size > 0) {
      const staged = items.flatMap((item, i) => (candidates.has(item.id) ? [i] : []));
      const stagedItems = staged.map((i) => items[i]!);
      await this.#copy(
        STAGE_TABLE,
        STAGE_COLUMNS,
        stageRows(
          stagedItems,
          staged.map((i) => hashes[i]!),
        ),
      );
      const merged = await mergeBatch(this.connection, this.run);
      this.counts.inserted += merged.inserted;
      this.counts.updated += merged.updated;
      this.counts.restored += merged.restored;
      written = merged.inserted + merged.updated + merged.restored;
      await this.connection.query(`truncate ${STAGE_TABLE}`);
    }
    this.counts.unchanged += items.length - written;
    this.counts.deleted += await deleteAbsentIn(this.connection, this.run, intervals);
    await this.connection.query(`truncate ${KEYS_TABLE}`);
  }

  /** After the last flush: a first sync's partition is attached, building its indexes. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.#firstLoad === undefined) return;
    await attachPartition(this.connection, this.#firstLoad, this.run.scope).catch(throwRepeated);
    this.#firstLoad = undefined;
  }

  async #copy(table: string, columns: readonly string[], text: string): Promise<void> {
    await this.connection.copyInto(table, columns, [Buffer.from(text)]).catch(throwRepeated);
  }
}
