import type { IsoPage } from "@vss-mirror/vss-client";
import { IncompleteListingError } from "../errors.js";

/**
 * Proves a walk saw the whole listing exactly once: every page from 1 to `pages`, the same `total` on
 * each, and as many items as `total`. (That no item came twice is proven in Postgres: store/seen-ids.ts.)
 * Deletion by absence is only safe after that proof.
 */
export class ListingTracker {
  readonly #pagesSeen = new Set<number>();
  #items = 0;
  #total: number | undefined;
  #pages: number | undefined;

  /** Checks a page before it is stored; throws IncompleteListingError when the listing moved. */
  accept(page: IsoPage): void {
    this.#total ??= page.total;
    this.#pages ??= page.pages;
    if (page.total !== this.#total || page.pages !== this.#pages) {
      throw new IncompleteListingError(
        `the listing changed during the walk: page ${page.page} says ${page.total} items on ${page.pages} pages, ` +
          `page 1 said ${this.#total} on ${this.#pages}`,
      );
    }
    if (this.#pagesSeen.has(page.page)) {
      throw new IncompleteListingError(`page ${page.page} arrived twice`);
    }
    this.#pagesSeen.add(page.page);
    this.#items += page.items.length;
  }

  /** Throws unless every page and every item was seen. */
  assertComplete(): void {
    const pages = Math.max(this.#pages ?? 0, 1);
    if (this.#pagesSeen.size !== pages || this.#items !== (this.#total ?? 0)) {
      throw new IncompleteListingError(
        `incomplete listing: saw ${this.#pagesSeen.size} of ${pages} pages and ${this.#items} of ` +
          `${this.#total ?? 0} items`,
      );
    }
  }

  get pagesSeen(): number {
    return this.#pagesSeen.size;
  }

  get itemsSeen(): number {
    return this.#items;
  }

  get pages(): number | undefined {
    return this.#pages;
  }

  get total(): number | undefined {
    return this.#total;
  }
}
