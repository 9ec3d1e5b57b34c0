/**
 * One range of ids a keyset walk covers: every id in (after, upTo], walked in id order. `after` moves up
 * as pages arrive; `upTo` may move down when the range is split. `null` bounds are open: `after` null
 * means "from the smallest id" (`id,ge,0`), `upTo` null means "to the largest, whatever gets added".
 */
export class IdRange {
  inFlight = false;
  done = false;

  constructor(
    public after: number | null,
    public upTo: number | null,
  ) {}

  /** The `filter` of the next request: ids above `after`, up to `upTo`. */
  filter(): string {
    const from = this.after === null ? "id,ge,0" : `id,gt,${this.after}`;
    return this.upTo === null ? from : `${from};id,le,${this.upTo}`;
  }

  /** True when `id` belongs to the range as it is now. */
  holds(id: number): boolean {
    return (this.after === null || id > this.after) && (this.upTo === null || id <= this.upTo);
  }

  /** Ids left to walk, up to `end` for an open range (the largest id known); 0 when nothing is left. */
  spanLeft(end: number): number {
    const top = this.upTo ?? Math.max(end, this.after ?? 0);
    return Math.max(0, top - (this.after ?? -1));
  }
}
