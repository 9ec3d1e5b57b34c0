// Each scope's live items held in the API process, so that a look-up the response cache misses reads
// no table: the API only reads, a scope changes only when a sync of it commits, and a catalogue is a few
// 100,000 items at most. A scope's index is loaded once per commit (its rows and the commit they belong
// to read in one snapshot) and replaced when a newer commit is seen; while a newer one loads, requests
// go to SQL (list-items.ts), which answers the same.
import type { DatabaseHandle } from "@vss-mirror/db";
import type { Logger } from "pino";
import { ISO_COLUMNS, type IsoRow, toWireIso, type WireIso } from "./iso-row.js";
import { lastCommit } from "./scope-state.js";

/** One live item, with what filters and sorts read at hand. */
export interface IndexedItem {
  id: number;
  name: string;
  path: string;
  data_store: string;
  /** 0 or 1: booleans order false before true. */
  public: number;
  created_on: number;
  updated_on: number;
  created_on_text: string;
  updated_on_text: string;
  /** The answer's item object, built once. */
  wire: WireIso;
}

export type SortableField = "id" | "name" | "path" | "data_store" | "public" | "created_on" | "updated_on";

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

function compareField(field: SortableField): (a: IndexedItem, b: IndexedItem) => number {
  switch (field) {
    case "name":
    case "path":
    case "data_store":
      return (a, b) => compareText(a[field], b[field]);
    default:
      return (a, b) => a[field] - b[field];
  }
}

export class ScopeIndex {
  readonly #orders = new Map<string, { order: Uint32Array; rank: Uint32Array }>();
  readonly #byId = new Map<number, number>();

  /** `items` in id order. */
  constructor(
    readonly commitSeq: string,
    readonly items: readonly IndexedItem[],
  ) {
    items.forEach((item, index) => this.#byId.set(item.id, index));
  }

  /** Position in `items` of the item with this id, if live. */
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
      const order = new Uint32Array(this.items.length);
      for (let i = 0; i < order.length; i++) order[i] = i;
      if (field !== "id" || descending) {
        const compare = compareField(field);
        const items = this.items;
        // Positions are in id order, so the tie-break is the position itself.
        order.sort(
          (x, y) => (descending ? compare(items[y]!, items[x]!) : compare(items[x]!, items[y]!)) || x - y,
        );
      }
      const rank = new Uint32Array(order.length);
      for (let i = 0; i < order.length; i++) rank[order[i]!] = i;
      entry = { order, rank };
      this.#orders.set(key, entry);
    }
    return entry;
  }
}

function indexed(row: IsoRow): IndexedItem {
  return {
    id: Number(row.vss_id),
    name: row.name,
    path: row.path,
    data_store: row.data_store,
    public: row.is_public ? 1 : 0,
    created_on: row.created_on.getTime(),
    updated_on: row.updated_on.getTime(),
    created_on_text: row.created_on_text,
    updated_on_text: row.updated_on_text,
    wire: toWireIso(row),
  };
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
          return { commitSeq: commit.commitSeq, index: new ScopeIndex(commit.commitSeq, rows.map(indexed)) };
        } finally {
          await connection.query("commit");
        }
      })
      .then(
        (loaded) => {
          if (loaded === undefined) return;
          this.#indexes.set(scope, loaded);
          const items = loaded.index?.items.length ?? `over ${MAX_INDEXED_ITEMS}`;
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
