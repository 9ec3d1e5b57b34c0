// Finished JSON bodies by (scope commit, caller, url): a mirror changes only when a sync of its scope
// commits, and then the commit number in the key changes, so an entry is never stale and never needs
// invalidating. Least recently used entries go first. A cached body keeps the `meta.time` of the
// response that computed it.

export interface CachedResponse {
  /** The JSON body, UTF-8. */
  body: Buffer;
  etag: string;
  /** The answer's headers (ETag and freshness), which follow from the key. */
  headers: Readonly<Record<string, string>>;
}

export class ResponseCache {
  readonly #max: number;
  readonly #entries = new Map<string, CachedResponse>();

  /** `max` 0 caches nothing. */
  constructor(max: number) {
    this.#max = max;
  }

  /** Whether anything is kept at all. */
  get enabled(): boolean {
    return this.#max > 0;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, value: CachedResponse): void {
    if (this.#max === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
