// Each scope's live items held in the API process, so that a look-up the response cache misses reads
// no table: the API only reads, a scope changes only when a sync of it commits, and a catalogue is a few
// 100,000 items at most. A scope's index is loaded once per commit (its rows and the commit they belong
// to read in one snapshot) and replaced when a newer commit is seen; while a newer one loads, requests
// go to SQL (list-items.ts), which answers the same.
import type { DatabaseHandle } from "@vss-mirror/db";
import type { Logger } from "pino";
import { ISO_COLUMNS, type IsoRow, toWireIso } from "./iso-row.js";
import { lastCommit } from "./scope-state.js";
import { TrigramIndex } from "./trigram-index.js";

export type SortableField = "id" | "name" | "path" | "data_store" | "public" | "created_on" | "updated_on";
export type TextField = "name" | "path" | "data_store";

/** Scopes larger than this are answered by SQL alone: the index would cost too much memory. */
export const MAX_INDEXED_ITEMS = 500_000;

/** Code point order (= UTF-8 byte order = Postgres collate "C") of two strings; JS `<` is UTF-16 order. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) stand for code points above U+FFFF: move them above U+E000-FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * A scope's live items at one commit, column by column (typed arrays where the values are numbers: a
 * look-up that tests 100,000 items reads them in a tight loop), item p being the p-th in id order.
 */
export class ScopeIndex {
  readonly size: number;
  readonly id: Float64Array;
  readonly name: string[];
  readonly path: string[];
  readonly data_store: string[];
  /** `public`, 0 or 1: booleans order false before true. */
  readonly isPublic: Uint8Array;
  /** Epoch ms. */
  readonly created_on: Float64Array;
  readonly updated_on: Float64Array;
  /** The dates' text as the upstream sent it (what `like` matches and the answer carries). */
  readonly created_on_text: string[];
  readonly updated_on_text: string[];
  /** Each item as the answer's JSON (the expanded form), serialised once per commit. */
  readonly json: string[];
  /**
   * Trigrams of the texts `like` is most asked of (names, and dates' text, e.g. `% Wed %`), for the
   * patterns no sorted order narrows (trigram-index.ts). Paths have none: longer, so dearer to keep,
   * and asked by prefix (which the sorted order answers) more than by infix.
   */
  readonly #trigrams = new Map<SortableField, TrigramIndex>();
  readonly #orders = new Map<string, { order: Uint32Array; rank: Uint32Array }>();
  readonly #byId = new Map<number, number>();

  /** `rows` in id order. */
  constructor(
    readonly commitSeq: string,
    rows: readonly IsoRow[],
  ) {
    const size = rows.length;
    this.size = size;
    this.id = new Float64Array(size);
    this.isPublic = new Uint8Array(size);
    this.created_on = new Float64Array(size);
    this.updated_on = new Float64Array(size);
    this.name = new Array<string>(size);
    this.path = new Array<string>(size);
    this.data_store = new Array<string>(size);
    this.created_on_text = new Array<string>(size);
    this.updated_on_text = new Array<string>(size);
    this.json = new Array<string>(size);
    for (let p = 0; p < size; p++) {
      const row = rows[p]!;
      const id = Number(row.vss_id);
      this.id[p] = id;
      this.#byId.set(id, p);
      this.name[p] = row.name;
      this.path[p] = row.path;
      this.data_store[p] = row.data_store;
      this.isPublic[p] = row.is_public ? 1 : 0;
      this.created_on[p] = row.created_on.getTime();
      this.updated_on[p] = row.updated_on.getTime();
      this.created_on_text[p] = row.created_on_text;
      this.updated_on_text[p] = row.updated_on_text;
      this.json[p] = JSON.stringify(toWireIso(row));
    }
    this.#trigrams.set("name", new TrigramIndex(this.name));
    this.#trigrams.set("created_on", new TrigramIndex(this.created_on_text));
    this.#trigrams.set("updated_on", new TrigramIndex(this.updated_on_text));
  }

  /** The trigrams of the text `like` matches on this field, if kept. */
  trigrams(field: SortableField): TrigramIndex | undefined {
    return this.#trigrams.get(field);
  }

  /** Position of the item with this id, if live. */
  indexOf(id: number): number | undefined {
    return this.#byId.get(id);
  }

  /**
   * Positions of every item ordered by `field` (then id ascending, the API's tie-break), and each
   * item's rank in that order. Built on first use, once per commit.
   */
  order(field: SortableField, descending: boolean): { order: Uint32Array; rank: Uint32Array } {
    const key = `${field} ${descending}`;
    let entry = this.#orders.get(key);
    if (!entry) {
      const order = new Uint32Array(this.size);
      for (let i = 0; i < order.length; i++) order[i] = i;
      if (field !== "id" || descending) {
        const compare = this.#compare(field);
        // Positions are in id order, so the tie-break is the position itself.
        order.sort((x, y) => (descending ? compare(y, x) : compare(x, y)) || x - y);
      }
      const rank = new Uint32Array(order.length);
      for (let i = 0; i < order.length; i++) rank[order[i]!] = i;
      entry = { order, rank };
      this.#orders.set(key, entry);
    }
    return entry;
  }

  #compare(field: SortableField): (x: number, y: number) => number {
    switch (field) {
      case "name":
      case "path":
      case "data_store": {
        const column = this[field];
        return (x, y) => compareText(column[x]!, column[y]!);
      }
      default: {
        const column = this.numbers(field);
        return (x, y) => column[x]! - column[y]!;
      }
    }
  }

  /** The column of a field whose values are numbers. */
  numbers(field: "id" | "public" | "created_on" | "updated_on"): Float64Array | Uint8Array {
    return field === "public" ? this.isPublic : this[field];
  }
}

/** Loads and keeps one ScopeIndex per scope, the newest commit's. */
export class ScopeIndexes {
  readonly #database: DatabaseHandle;
  readonly #logger: Logger;
  /** Per scope, the newest commit loaded, and its index (none when the scope is too large for one). */
  readonly #indexes = new Map<string, { commitSeq: string; index: ScopeIndex | undefined }>();
  readonly #loading = new Map<string, Promise<void>>();

  constructor(database: DatabaseHandle, logger: Logger) {
    this.#database = database;
    this.#logger = logger;
  }

  /**
   * The scope's index at `commitSeq`, or undefined when there is none to use now: a scope with no index
   * yet waits for its first load; one whose index is older than `commitSeq` starts loading the new one
   * and is answered by SQL meanwhile.
   */
  async get(scope: string, commitSeq: string): Promise<ScopeIndex | undefined> {
    const held = this.#indexes.get(scope);
    if (held?.commitSeq === commitSeq) return held.index;
    const loading = this.#loading.get(scope) ?? this.#load(scope);
    if (held === undefined) await loading;
    const now = this.#indexes.get(scope);
    return now?.commitSeq === commitSeq ? now.index : undefined;
  }

  #load(scope: string): Promise<void> {
    const started = performance.now();
    const loading = this.#database
      .withConnection(async (connection) => {
        // One snapshot: the rows are exactly those of the commit they are labelled with.
        await connection.query("begin isolation level repeatable read read only");
        try {
          const commit = await lastCommit((text, params) => connection.query(text, params), scope);
          const [size] = await connection.query<{ n: number }>(
            "select count(*)::int as n from vss.iso_image_rows where scope = $1 and deleted_at is null",
            [scope],
          );
          if (!commit) return undefined;
          if ((size?.n ?? 0) > MAX_INDEXED_ITEMS) return { commitSeq: commit.commitSeq, index: undefined };
          const rows = await connection.query<IsoRow>(
            `select ${ISO_COLUMNS} from vss.iso_image_rows where scope = $1 and deleted_at is null order by vss_id`,
            [scope],
          );
          return { commitSeq: commit.commitSeq, index: new ScopeIndex(commit.commitSeq, rows) };
        } finally {
          await connection.query("commit");
        }
      })
      .then(
        (loaded) => {
          if (loaded === undefined) return;
          this.#indexes.set(scope, loaded);
          const items = loaded.index?.size ?? `over ${MAX_INDEXED_ITEMS}`;
          this.#logger.debug(
            { scope, items, ms: Math.round(performance.now() - started) },
            "scope index loaded",
          );
        },
        (error: unknown) => {
          // SQL answers meanwhile; the next request tries again.
          this.#logger.warn({ err: error, scope }, "scope index not loaded");
        },
      )
      .finally(() => this.#loading.delete(scope));
    this.#loading.set(scope, loading);
    return loading;
  }
}
