import type { IsoImage } from "@vss-mirror/vss-client";

/**
 * Ids (after, upTo] a keyset page proves complete: every item upstream with an id in it was in the page
 * when it was served. `null` bounds are open (`after` null: from id 0; `upTo` null: no upper end). The
 * pages' intervals tiling the id space is the walk's proof that it is complete.
 */
export interface IdInterval {
  after: number | null;
  upTo: number | null;
}

/** A page of items a walk accepted, handed to the writer. */
export interface WalkedPage {
  items: IsoImage[];
}

/** What a walk tells its progress reporter after each accepted page. */
export interface WalkProgress {
  pagesDone: number;
  itemsDone: number;
  /** The upstream's own count of the listing, when it said one; an estimate, not a proof. */
  total?: number;
  /** Pages the walk expects to make in all (an estimate, from `total`). */
  pages?: number;
}

/** Where a walk delivers pages; it may wait (the writer's buffer is full) and the walk waits with it. */
export type PageSink = (page: WalkedPage) => Promise<void>;

/** How a finished walk went, for the run record. */
export interface WalkSummary {
  /** "keyset": ranges of ids; "pages": page=N with its deletions confirmed one by one. */
  walk: "keyset" | "pages";
  pages: number;
  items: number;
  /** The upstream's total for the listing when the walk began (a sanity figure). */
  upstreamTotal: number | undefined;
}

/** How a scope's mirrored ids lie, for a resync's walk to cut its ranges by. */
export interface IdLayout {
  /** Ids cutting the mirrored items into equal shares, ascending (the upper bounds of all ranges but the last). */
  cuts: readonly number[];
  lowest: number;
  largest: number;
  /** Mirrored live items. */
  count: number;
}
