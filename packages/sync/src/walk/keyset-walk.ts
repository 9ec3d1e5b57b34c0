import { type IsoList, type ListAnswer, type ListOptions, VssBadRequestError } from "@vss-mirror/vss-client";
import { type AcceptedAnswer, acceptAnswer, type AskedBounds } from "./accept-answer.js";
import { IdRange } from "./id-range.js";
import { splitPoints } from "./split-points.js";
import { KeysetAnswerError, KeysetRefusedError } from "./keyset-errors.js";
import type { IdInterval, IdLayout, PageSink, WalkProgress, WalkSummary } from "./walked-page.js";

export interface KeysetWalkOptions {
  /** Opens the scope's listing with these options (`client.listIsos` or `client.listPersonalIsos`). */
  open: (options: ListOptions) => IsoList;
  /** Requests kept in flight: the number of ranges walked side by side. */
  concurrency: number;
  /** Items asked for per request. */
  perPage: number;
  /**
   * For a resync, how the mirror's ids lie (its quantiles cut the listing into ranges of about as many
   * items each). Without one, the walk probes the id span first and cuts it evenly.
   */
  layout?: IdLayout | undefined | Promise<IdLayout | undefined>;
  sink: PageSink;
  onProgress?: (progress: WalkProgress) => void;
  signal?: AbortSignal;
}

/**
 * Lists a scope in id order with keyset requests (`sort=id,asc&filter=id,gt,<last id>;id,le,<end>`),
 * several id ranges side by side. A first sync sends the first request (`id,ge,0`) and a probe for the
 * largest id together, then cuts the rest of the id space into `concurrency` ranges; a resync cuts it at
 * once where the mirror's ids give ranges of equal size (`layout`). Whenever a range ends,
 * the one with the most left is split so that `concurrency` requests stay in flight. Each range walks
 * up from its last id, so every item that exists for the whole walk is seen whatever else is added,
 * deleted or renamed meanwhile; the walk is complete when every range reached its end.
 * Throws KeysetRefusedError when the upstream refuses the first requests (400).
 */
export async function keysetWalk(options: KeysetWalkOptions): Promise<WalkSummary> {
  const { concurrency, perPage, sink } = options;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const ask = (filter: string, sort = "id,asc", size = perPage): Promise<ListAnswer> => {
    const list = options.open({ filter, sort, perPage: size, signal });
    return list.fetchAnswer(list.urlOf(), signal);
  };
  const progress: WalkProgress = { pagesDone: 0, itemsDone: 0 };
  // Requests the walk expects in all: the total's pages, plus a short last page for each range.
  let fullPages: number | undefined;
  let rangeCount = 0;
  const covered: IdInterval[] = [];
  const deliver = async ({ items, covers }: AcceptedAnswer) => {
    progress.pagesDone += 1;
    progress.itemsDone += items.length;
    if (fullPages !== undefined) progress.pages = Math.max(fullPages + rangeCount, progress.pagesDone);
    covered.push(covers);
    await sink({ items });
    options.onProgress?.({ ...progress });
  };
  /** Delivers a range's answer and moves the range past it. */
  const advance = async (range: IdRange, asked: AskedBounds, answer: ListAnswer) => {
    const accepted = acceptAnswer(range, asked, answer);
    await deliver(accepted);
    if (accepted.finished || accepted.lastId === undefined) range.done = true;
    else range.after = accepted.lastId;
  };
  const walkRange = async (range: IdRange) => {
    while (!range.done) {
      const asked = askedOf(range);
      await advance(range, asked, await ask(asked.filter));
    }
  };

  let total: number | undefined;
  const counted = (answer: ListAnswer) => {
    total = answer.paging?.total;
    if (total === undefined) return;
    progress.total = total;
    fullPages = Math.max(1, Math.ceil(total / perPage));
  };
  const summary = (): WalkSummary => {
    assertTiled(covered);
    // The estimate gives way to the count: the walk is done.
    progress.pages = progress.pagesDone;
    options.onProgress?.({ ...progress });
    return { walk: "keyset", pages: progress.pagesDone, items: progress.itemsDone, upstreamTotal: total };
  };

  /**
   * A scope never mirrored: the head page (`id,ge,0`) and a probe for the largest id go out together;
   * the rest of the id space is then cut into ranges. Undefined when the head page held everything.
   */
  const probe = async (): Promise<Plan | undefined> => {
    const whole = new IdRange(null, null);
    const asked = askedOf(whole);
    const [head, tail] = await firstAnswers([ask(asked.filter), ask(asked.filter, "id,desc", 1)]);
    counted(head!);
    const first = acceptAnswer(whole, asked, head!);
    await deliver(first);
    if (first.finished || first.lastId === undefined) return undefined;
    const after = first.lastId;
    const lowest = first.items[0]?.id ?? after;
    const largest = Math.max(after, tail!.items[0]?.id ?? after);
    // Items per id, to judge how much a range holds; from the upstream's count over the id span.
    const density = Math.min(1, (total ?? first.items.length) / Math.max(1, largest - lowest + 1));
    // As many ranges as requests in flight, but none holding less than a page or so.
    const parts = Math.max(1, Math.min(concurrency, Math.ceil(((largest - after) * density) / perPage)));
    const bounds = splitPoints(after, largest, parts, []);
    const ranges = [after, ...bounds].map((from, i) => new IdRange(from, bounds[i] ?? null));
    return { ranges, largest, density };
  };

  /**
   * A resync: the mirror's own ids cut the listing into ranges of about as many items each, and every
   * range's first request goes out at once, beside a one-item probe of the largest id (which also
   * counts the listing): no round of requests is spent finding the id span. Nothing is delivered until
   * all of that round answered, so an upstream that refuses ids (a 400) falls back to the page walk
   * with nothing stored.
   */
  const fromLayout = async (layout: IdLayout): Promise<Plan> => {
    // As many ranges as requests in flight, but none holding less than a page or so.
    const parts = Math.max(1, Math.min(concurrency, Math.ceil(layout.count / perPage)));
    const cuts = splitPoints(-1, Number.MAX_SAFE_INTEGER, parts, layout.cuts);
    const ranges = [null, ...cuts].map((from, i) => new IdRange(from, cuts[i] ?? null));
    const asked = ranges.map(askedOf);
    const [tail, ...firsts] = await firstAnswers([
      ask("id,ge,0", "id,desc", 1),
      ...asked.map((bounds) => ask(bounds.filter)),
    ]);
    counted(tail!);
    for (const [i, range] of ranges.entries()) await advance(range, asked[i]!, firsts[i]!);
    const density = Math.min(1, layout.count / Math.max(1, layout.largest - layout.lowest + 1));
    // Items added above the mirror's ids since it was last synced fall in the last range, which the
    // largest id lets the walk split.
    const largest = Math.max(layout.largest, tail!.items[0]?.id ?? 0);
    return { ranges: ranges.filter((range) => !range.done), largest, density };
  };

  try {
    const layout = await options.layout;
    const plan = layout === undefined ? await probe() : await fromLayout(layout);
    if (plan === undefined) return summary();
    const { largest } = plan;
    const idsPerPage = Math.ceil(perPage / Math.max(plan.density, 1e-9));
    const running = new Map<IdRange, Promise<IdRange>>();
    const start = (range: IdRange) => {
      rangeCount += 1;
      const walking = walkRange(range).then(() => range);
      walking.catch(() => {}); // its failure is seen through Promise.race below
      running.set(range, walking);
    };
    for (const range of plan.ranges) start(range);
    while (running.size > 0) {
      running.delete(await Promise.race(running.values()));
      while (running.size < concurrency) {
        const piece = splitLargest([...running.keys()], largest, idsPerPage);
        if (!piece) break;
        start(piece);
      }
    }
    return summary();
  } finally {
    stop.abort();
  }
}

/** What a request for `range` asks, as the range is now (it may be split while the request is out). */
function askedOf(range: IdRange): AskedBounds {
  return { after: range.after, upTo: range.upTo, filter: range.filter() };
}

/** The ranges a walk starts with, the largest id known, and items per id (to judge a range's size). */
interface Plan {
  ranges: IdRange[];
  largest: number;
  density: number;
}

/** The walk's first round of answers; a 400 to any means the upstream cannot walk by id. */
async function firstAnswers(answers: Promise<ListAnswer>[]): Promise<ListAnswer[]> {
  try {
    return await Promise.all(answers);
  } catch (error) {
    if (error instanceof VssBadRequestError) {
      throw new KeysetRefusedError(`the upstream refused a walk by id: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Splits the running range with the most ids left, if it has enough for two more requests beyond the
 * one in flight (which covers about `idsPerPage` ids past its start): it keeps the lower half, and the
 * returned new range takes the upper half.
 */
function splitLargest(running: IdRange[], largest: number, idsPerPage: number): IdRange | undefined {
  let best: IdRange | undefined;
  for (const range of running) if (!best || range.spanLeft(largest) > best.spanLeft(largest)) best = range;
  if (!best || best.spanLeft(largest) < 3 * idsPerPage) return undefined;
  const from = (best.after ?? -1) + idsPerPage;
  const to = best.upTo ?? Math.max(largest, from);
  const middle = Math.floor((from + to) / 2);
  if (middle <= from || middle >= to) return undefined;
  const upper = new IdRange(middle, best.upTo);
  best.upTo = middle;
  return upper;
}

/**
 * The proof that the walk is complete: the pages' intervals, put in order, tile every id from 0 up
 * with no gap and no overlap. (The ranges are built to do so; this checks that they did.)
 */
function assertTiled(covered: IdInterval[]): void {
  const sorted = [...covered].sort((a, b) => (a.after ?? -1) - (b.after ?? -1));
  const show = (bound: number | null) => (bound === null ? "the end" : String(bound));
  // undefined: no interval yet, so the first must start at the beginning (after = null).
  let end: number | null | undefined;
  for (const interval of sorted) {
    const expected = end === undefined ? null : end;
    if (end === null || interval.after !== expected) {
      throw new KeysetAnswerError(
        `the walk's pages do not tile the ids: one covers (${interval.after ?? "start"}, ${show(interval.upTo)}] ` +
          `where the one before ended at ${end === undefined ? "nothing" : show(end)}`,
      );
    }
    end = interval.upTo;
  }
  if (end !== null) throw new KeysetAnswerError(`the walk's pages stop at id ${end ?? "?"}`);
}
