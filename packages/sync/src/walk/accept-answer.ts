import type { IsoImage, ListAnswer } from "@vss-mirror/vss-client";
import type { IdRange } from "./id-range.js";
import type { IdInterval } from "./walked-page.js";
import { KeysetAnswerError } from "./keyset-errors.js";

/** The bounds a request asked for (a range's bounds may move while its request is in flight). */
export interface AskedBounds {
  after: number | null;
  upTo: number | null;
  filter: string;
}

export interface AcceptedAnswer {
  /** The answer's items that belong to the range as it is now. */
  items: IsoImage[];
  /** The ids the answer proves complete: from where it was asked to its last item, or the range's end. */
  covers: IdInterval;
  /** True when nothing of the range is left to ask for. */
  finished: boolean;
  /** Where the range's next request starts, when it is not finished. */
  lastId: number | undefined;
}

/**
 * Checks one keyset answer against what was asked: every id inside the asked bounds and, on a paged
 * answer, strictly increasing (sort=id,asc). Anything else means the walk could not prove it saw every
 * item, so it throws KeysetAnswerError. An answer without `meta.pages` is complete by itself; a paged
 * one ends the range when the upstream says nothing follows it (no next_url and a short page, or a
 * total it holds entirely). Items above the range's current end (it was split meanwhile) are left to
 * the range that took them over, and end this one.
 */
export function acceptAnswer(range: IdRange, asked: AskedBounds, answer: ListAnswer): AcceptedAnswer {
  const { items, paging } = answer;
  let previous = asked.after ?? -1;
  for (const item of items) {
    const outside =
      (asked.after !== null && item.id <= asked.after) || (asked.upTo !== null && item.id > asked.upTo);
    if (outside) {
      throw new KeysetAnswerError(`the upstream answered item ${item.id} to filter=${asked.filter}`);
    }
    if (paging && item.id <= previous) {
      throw new KeysetAnswerError(
        `the upstream answered ids out of order (${item.id} after ${previous}) to sort=id,asc&filter=${asked.filter}`,
      );
    }
    previous = item.id;
  }
  if (paging && items.length > paging.perPage) {
    throw new KeysetAnswerError(
      `the upstream answered ${items.length} items on a page of ${paging.perPage} to filter=${asked.filter}`,
    );
  }
  const end = range.upTo;
  const kept = end === null ? items : items.filter((item) => item.id <= end);
  const finished =
    !paging ||
    items.length === 0 ||
    kept.length < items.length ||
    (paging.nextUrl === null && (items.length < paging.perPage || paging.total <= items.length));
  const lastId = items.at(-1)?.id;
  const covers = { after: asked.after, upTo: finished || lastId === undefined ? end : lastId };
  return { items: kept, covers, finished, lastId };
}
