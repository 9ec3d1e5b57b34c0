import type { IsoList } from "@vss-mirror/vss-client";
import { ListingTracker } from "./listing-tracker.js";
import type { PageSink, WalkProgress, WalkSummary } from "./walked-page.js";

export interface PageWalkOptions {
  list: IsoList;
  concurrency: number;
  sink: PageSink;
  onProgress?: (progress: WalkProgress) => void;
}

/**
 * The walk for an upstream that cannot list by id: `page=1..N`, several at once. Offset pages shift when
 * items are deleted or added meanwhile, so a page walk can miss a live item even when every check below
 * passes; the caller must confirm each would-be deletion before applying it (confirm-absent.ts).
 */
export async function pageWalk(options: PageWalkOptions): Promise<WalkSummary> {
  const tracker = new ListingTracker();
  for await (const page of options.list.pagesConcurrently({ concurrency: options.concurrency })) {
    tracker.accept(page);
    await options.sink({ items: page.items });
    options.onProgress?.({
      pagesDone: tracker.pagesSeen,
      itemsDone: tracker.itemsSeen,
      ...(tracker.total === undefined ? {} : { total: tracker.total }),
      ...(tracker.pages === undefined ? {} : { pages: tracker.pages }),
    });
  }
  tracker.assertComplete();
  return { walk: "pages", pages: tracker.pagesSeen, items: tracker.itemsSeen, upstreamTotal: tracker.total };
}
