import type { IsoPage } from "@vss-mirror/vss-client";
import { IncompleteListingError } from "./errors.js";

/**
 * Proves a walk saw the whole listing exactly once: every page from 1 to `pages`, the same `total` on
 * each, no item twice, and as many items as `total`. Deletion by absence is only safe after that proof.
 */
export class ListingTracker {
  readonly #seen = new Set<number>();
  readonly #pagesSeen = new Set<number>();
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
    for (const item of page.items) {
      if (this.#seen.has(item.id)) {
        throw new IncompleteListingError(
          `item ${item.id} appeared twice in one walk: the listing shifted between pages`,
        );
      }
      this.#seen.add(item.id);
    }
  }

  /** Throws unless every page and every item was seen. */
  assertComplete(): void {
    const pages = Math.max(this.#pages ?? 0, 1);
    if (this.#pagesSeen.size !== pages || this.#seen.size !== (this.#total ?? 0)) {
      throw new IncompleteListingError(
        `incomplete listing: saw ${this.#pagesSeen.size} of ${pages} pages and ${this.#seen.size} of ` +
          `${this.#total ?? 0} items`,
      );
    }
  }

  get ids(): number[] {
    return [...this.#seen];
  }

  get pagesSeen(): number {
    return this.#pagesSeen.size;
  }

  get itemsSeen(): number {
    return this.#seen.size;
  }

  get pages(): number | undefined {
    return this.#pages;
  }

  get total(): number | undefined {
    return this.#total;
  }
}
