/**
 * A bounded queue between the walk (which pushes) and the writer (which iterates): the walk keeps
 * fetching while the writer stores, and waits only when `capacity` items are queued. Either side can
 * end it: `close()` when the walk is done, `fail(error)` when either side fails (a waiting push and the
 * iteration then reject with that error).
 */
export class PageBuffer<T> {
  readonly #queue: { value: T; size: number }[] = [];
  #queued = 0;
  #closed = false;
  #failure: { error: unknown } | undefined;
  #wakeReader: (() => void) | undefined;
  #wakeWriters: (() => void)[] = [];

  constructor(readonly capacity: number) {}

  /** Queues `value` (worth `size` items), first waiting while the buffer is full. */
  async push(value: T, size: number): Promise<void> {
    while (!this.#failure && this.#queued > 0 && this.#queued + size > this.capacity) {
      await new Promise<void>((resolve) => this.#wakeWriters.push(resolve));
    }
    if (this.#failure) throw this.#failure.error;
    if (this.#closed) throw new Error("PageBuffer: push after close");
    this.#queue.push({ value, size });
    this.#queued += size;
    this.#wake();
  }

  close(): void {
    this.#closed = true;
    this.#wake();
  }

  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.#failure) throw this.#failure.error;
      const next = this.#queue.shift();
      if (next) {
        this.#queued -= next.size;
        this.#wake();
        yield next.value;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wakeReader = resolve));
    }
  }

  #wake(): void {
    const reader = this.#wakeReader;
    this.#wakeReader = undefined;
    reader?.();
    for (const writer of this.#wakeWriters.splice(0)) writer();
  }
}
