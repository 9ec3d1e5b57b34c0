import type { IsoImage } from "@vss-mirror/vss-client";

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
