import type { IsoList } from "./iso-list.js";
import type { IsoPage } from "./list-options.js";

/**
 * Page 1 first (it says how many pages there are), then pages 2..N with at most `concurrency` requests in
 * flight, yielded in arrival order. Pages fetched but not yet taken by the consumer count against the same
 * bound, so a slow consumer holds at most `concurrency` pages in memory. Leaving early aborts all requests.
 */
export async function* fetchPagesConcurrently(
  list: IsoList,
  concurrency: number,
  callerSignal: AbortSignal | undefined,
): AsyncGenerator<IsoPage, void, undefined> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const stop = new AbortController();
  const signal = callerSignal ? AbortSignal.any([callerSignal, stop.signal]) : stop.signal;
  try {
    const first = await list.fetchPage(list.urlOf(1), 1, signal);
    yield first.page;
    const last = first.page.pages;
    const ready: IsoPage[] = [];
    let next = 2;
    let inFlight = 0;
    let failure: { error: unknown } | undefined;
    let wake: (() => void) | undefined;
    const launch = (n: number) => {
      inFlight += 1;
      list.fetchPage(list.urlOf(n), n, signal).then(
        (fetched) => {
          inFlight -= 1;
          ready.push(fetched.page);
          wake?.();
        },
        (error: unknown) => {
          inFlight -= 1;
          failure ??= { error };
          wake?.();
        },
      );
    };
    while (next <= last || inFlight > 0 || ready.length > 0) {
      if (failure) throw failure.error;
      while (next <= last && inFlight + ready.length < concurrency) launch(next++);
      const page = ready.shift();
      if (page) {
        yield page;
        continue;
      }
      // Nothing ready: sleep until a request settles (callbacks run only after this synchronous check).
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (failure) throw failure.error;
  } finally {
    stop.abort();
  }
}
