import { VssInvalidResponseError } from "./errors.js";
import { listEnvelopeSchema } from "./envelope.js";
import { toIsoImage, type IsoImage } from "./iso-image.js";
import { type ConcurrentPagesOptions, type IsoPage, type ListOptions, sortParam } from "./list-options.js";
import { fetchPagesConcurrently } from "./concurrent-pages.js";
import { checkNextUrl } from "./next-url.js";
import type { Session } from "./session.js";

/** A fetched page plus where the API says the next one is. */
export interface FetchedPage {
  page: IsoPage;
  nextUrl: string | null;
}

/** `meta.pages` of a list answer, as sent. */
export interface AnswerPaging {
  page: number;
  pages: number;
  perPage: number;
  total: number;
  nextUrl: string | null;
}

/** One list answer, validated. */
export interface ListAnswer {
  items: IsoImage[];
  /**
   * The answer's `meta.pages`; undefined when it had none, and then the answer is one complete page
   * holding everything the request asked for (the seed page's personal store answers so).
   */
  paging: AnswerPaging | undefined;
}

/**
 * A listing. `await list` gives the first page; `for await (const item of list)` gives every item;
 * `list.pages()` walks the API's `next_url` links; `list.pagesConcurrently()` fetches pages 2..N in
 * parallel. Leaving a `for await` early (break, throw) aborts whatever the walk has in flight.
 */
export class IsoList implements PromiseLike<IsoPage>, AsyncIterable<IsoImage> {
  readonly #session: Session;
  readonly #path: string;
  readonly #options: ListOptions;
  #first: Promise<IsoPage> | undefined;

  constructor(session: Session, path: string, options: ListOptions = {}) {
    this.#session = session;
    this.#path = path;
    this.#options = options;
  }

  /**
   * URL of page `page` (no `page` parameter when undefined, as keyset requests go): always `expand=1`
   * (one request per page, not per item) and an explicit sort.
   */
  urlOf(page?: number): URL {
    const url = this.#session.resolve(this.#path);
    const params = new URLSearchParams({ expand: "1", per_page: String(this.#options.perPage ?? 250) });
    const filter = this.#options.filter === undefined ? "" : String(this.#options.filter);
    if (filter !== "") params.set("filter", filter);
    if (this.#options.sort !== null) params.set("sort", sortParam(this.#options.sort));
    if (page !== undefined) params.set("page", String(page));
    url.search = params.toString();
    return url;
  }

  then<R1 = IsoPage, R2 = never>(
    onfulfilled?: ((value: IsoPage) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#first ??= this.fetchPage(this.urlOf(1), 1, this.#options.signal).then((f) => f.page);
    return this.#first.then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<IsoPage | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<IsoPage> {
    return this.then().finally(onfinally);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<IsoImage, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every page in order, following `next_url` until it is null. */
  async *pages(): AsyncGenerator<IsoPage, void, undefined> {
    const stop = new AbortController();
    const signal = this.#combined(stop.signal);
    try {
      let url = this.urlOf(1);
      for (let expected = 1; ; expected += 1) {
        const { page, nextUrl } = await this.fetchPage(url, expected, signal);
        yield page;
        if (nextUrl === null) return;
        url = checkNextUrl(this.#session.baseUrl, url, nextUrl, page);
      }
    } finally {
      stop.abort();
    }
  }

  /** Page 1, then pages 2..N with bounded concurrency, each yielded (with its number) as it arrives. */
  pagesConcurrently(options: ConcurrentPagesOptions = {}): AsyncGenerator<IsoPage, void, undefined> {
    return fetchPagesConcurrently(this, options.concurrency ?? 4, this.#options.signal);
  }

  /** Fetches and validates one page; `expected` is the page number it must report. */
  async fetchPage(url: URL, expected: number, signal: AbortSignal | undefined): Promise<FetchedPage> {
    const { items, paging } = await this.fetchAnswer(url, signal);
    if (!paging) {
      // No paging facts: the answer holds the whole listing, which is then page 1 of 1.
      if (expected !== 1) throw this.#invalid(url, `page ${expected} answered without meta.pages`);
      const page = { page: 1, pages: 1, perPage: items.length, total: items.length, count: items.length };
      return { page: { ...page, items }, nextUrl: null };
    }
    if (paging.page !== expected) {
      throw this.#invalid(url, `asked for page ${expected} but got page ${paging.page}`);
    }
    const { page, pages, perPage, total, nextUrl } = paging;
    return { page: { page, pages, perPage, total, count: items.length, items }, nextUrl };
  }

  /** Fetches one list answer (any filter, sort or page) and validates its envelope and every item. */
  async fetchAnswer(url: URL, signal: AbortSignal | undefined): Promise<ListAnswer> {
    const answer = await this.#session.call("GET", url, signal);
    const parsed = listEnvelopeSchema.safeParse(answer.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
      throw this.#invalid(url, `not a list envelope (missing or invalid: ${fields})`, parsed.error);
    }
    const { data, meta } = parsed.data;
    const items = data.map((raw, index) => toIsoImage(raw, index));
    const pages = meta.pages;
    return {
      items,
      paging: pages && {
        page: pages.page,
        pages: pages.pages,
        perPage: pages.per_page,
        total: pages.total,
        nextUrl: pages.next_url ?? null,
      },
    };
  }

  #combined(stop: AbortSignal): AbortSignal {
    return this.#options.signal ? AbortSignal.any([this.#options.signal, stop]) : stop;
  }

  #invalid(url: URL, why: string, cause?: unknown): VssInvalidResponseError {
    const path = url.pathname + url.search;
    return new VssInvalidResponseError(`GET ${path}: ${why}`, "shape", "GET", path, { cause });
  }
}
