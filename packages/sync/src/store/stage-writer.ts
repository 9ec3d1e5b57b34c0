import type { Connection } from "@vss-mirror/db";
import type { IsoImage } from "@vss-mirror/vss-client";
import type { RunContext } from "../run-context.js";
import type { WalkedPage } from "../walk/walked-page.js";
import { contentHash } from "./content-hash.js";
import { deleteAbsent, liveRows } from "./delete-absent.js";
import { type FirstBatch, FirstBatchEncoder, loadFirstBatch } from "./first-load.js";
import { mergeBatch, mergeCandidates } from "./merge-batch.js";
import { attachPartition, createPartitionTable, scopePartition } from "./scope-partition.js";
import { throwRepeated } from "./seen-ids.js";
import {
  CREATE_KEYS,
  CREATE_STAGE,
  INDEX_KEYS,
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
 * A first sync COPYs this many batches' worth of items at a time. Each COPY costs the server two waits
 * on the client (for the statement, then for its data), and the client's event loop is busy reading
 * answers: fewer, larger COPYs keep the server working rather than waiting (40 COPYs of 2,500 rows each
 * left it waiting on the client for about 40% of their time).
 */
const FIRST_LOAD_BATCHES = 4;

/**
 * Stores a run's items on its connection, inside its transaction, a batch of `batchRows` at a time.
 * A scope's first sync (it has no partition yet) COPYs every item straight into a new, detached
 * partition, with its history, and finish() attaches the partition. A resync COPYs only (vss_id, content hash)
 * pairs, stages in full only the items whose hash differs from the mirror's and merges those; at the
 * end, deleteAbsent() marks deleted what the walk did not see. Statements are few and large because
 * each costs a round trip and a plan whatever its size.
 */
export class StageWriter {
  readonly counts: StoreCounts = { seen: 0, inserted: 0, updated: 0, restored: 0, unchanged: 0, deleted: 0 };
  /** Items gathered for the next batch (a first sync keeps them encoded only). */
  #gathered = 0;
  /** A resync's next batch: its items and their hashes. */
  #items: IsoImage[] = [];
  #hashes: string[] = [];
  /** A first sync's next batch, encoded page by page as the items arrive. */
  #encoding: FirstBatchEncoder | undefined;
  #batch = 0;
  /** The batch Postgres is storing (or the last one stored): batches are stored one after another. */
  #storing: Promise<void> = Promise.resolve();
  #firstLoad: string | undefined;
  #liveAtStart = 0;

  constructor(
    private readonly connection: Connection,
    private readonly run: RunContext,
    private readonly batchRows: number,
  ) {}

  /** Creates the run's temp tables (dropped at commit or rollback), and the partition of a first sync. */
  async open(): Promise<void> {
    for (const create of [CREATE_KEYS, INDEX_KEYS, CREATE_STAGE]) await this.connection.query(create);
    const partition = await scopePartition(this.connection, this.run.scope);
    if (partition.exists) this.#liveAtStart = await liveRows(this.connection, this.run.scope);
    else {
      await createPartitionTable(this.connection, partition.table);
      this.#firstLoad = partition.table;
    }
  }

  /** True during a scope's first sync: nothing is stored for it yet, so nothing can be gone. */
  get firstSync(): boolean {
    return this.#firstLoad !== undefined;
  }

  /**
   * Gathers a page's items, hashed (and, in a first sync, encoded for COPY) now: a page's worth of work
   * at a time keeps the event loop free to feed Postgres the batch before and to read the next answers.
   */
  async add(page: WalkedPage): Promise<void> {
    const hashes = page.items.map(contentHash);
    if (this.#firstLoad !== undefined) {
      (this.#encoding ??= new FirstBatchEncoder(this.run)).add(page.items, hashes);
    } else {
      for (const item of page.items) this.#items.push(item);
      for (const hash of hashes) this.#hashes.push(hash);
    }
    this.#gathered += page.items.length;
    const limit = this.#firstLoad === undefined ? this.batchRows : this.batchRows * FIRST_LOAD_BATCHES;
    if (this.#gathered >= limit) await this.#submit();
  }

  /** Stores whatever is gathered, and waits until every batch is stored. */
  async flush(): Promise<void> {
    await this.#submit();
    await this.#storing;
  }

  /** Waits for the batch in flight, whatever its outcome: the connection must be idle before a rollback. */
  async settle(): Promise<void> {
    await this.#storing.catch(() => {});
  }

  /**
   * Hands the gathered items on to be stored once the batch before them is: their COPY data is ready
   * (encoded as they arrived, or a resync's keys built now) while Postgres stores the batch before, so
   * neither side waits for the other. Resolves when that
   * earlier batch is stored (rejecting if it failed), so at most two batches are held at a time.
   */
  async #submit(): Promise<void> {
    const count = this.#gathered;
    if (count === 0) return;
    const table = this.#firstLoad;
    const encoding = this.#encoding;
    const store =
      table !== undefined && encoding !== undefined
        ? this.#loader(table, count, encoding.finish())
        : this.#merger(this.#items, this.#hashes, (this.#batch += 1));
    this.#gathered = 0;
    this.#items = [];
    this.#hashes = [];
    this.#encoding = undefined;
    this.counts.seen += count;
    const previous = this.#storing;
    this.#storing = previous.then(store);
    this.#storing.catch(() => {}); // seen by the next #submit, flush or settle
    await previous;
  }

  /** A first sync's batch: every item is new. */
  #loader(table: string, count: number, batch: FirstBatch): () => Promise<void> {
    return async () => {
      await loadFirstBatch(this.connection, table, batch);
      this.counts.inserted += count;
    };
  }

  /** A resync's batch: keys first, then in full only the items whose hash differs from the mirror's. */
  #merger(items: IsoImage[], hashes: string[], batch: number): () => Promise<void> {
    const keys = keyRows(items, hashes, batch);
    return async () => {
      await this.#copy(KEYS_TABLE, KEYS_COLUMNS, keys);
      const candidates = await mergeCandidates(this.connection, this.run, batch);
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
    };
  }

  /**
   * Marks deleted what the walk did not see; only once the walk proved itself complete. Skipped when
   * every row live at the start was seen (nothing can be absent), which is every no-op resync.
   */
  async deleteAbsent(): Promise<void> {
    await this.flush();
    if (this.#firstLoad !== undefined) return;
    const seenLive = this.counts.unchanged + this.counts.updated;
    if (seenLive >= this.#liveAtStart) return;
    this.counts.deleted += await deleteAbsent(this.connection, this.run);
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
