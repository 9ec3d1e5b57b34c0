import type { PageSink, WalkedPage, WalkSummary } from "../walk/walked-page.js";
import { PageBuffer } from "./page-buffer.js";
import type { StageWriter } from "./stage-writer.js";

export interface WalkAndStoreOptions {
  writer: StageWriter;
  /** Settles when the writer may store (its transaction begun); the walk starts before. */
  ready?: Promise<void>;
  /** Items the buffer between the walk and the writer may hold before the walk waits. */
  capacity: number;
  /** The walk, delivering its pages to `sink`, stopping when `signal` aborts. */
  walk: (sink: PageSink, signal: AbortSignal) => Promise<WalkSummary>;
  signal?: AbortSignal;
}

/**
 * Runs a walk and the writer side by side: pages go from the walk into a bounded buffer that the writer
 * drains into the database, so fetching goes on while rows are stored.
 * Either side failing stops the other; the first failure is what this throws. Returns once every page
 * is stored (the writer's last batch flushed).
 */
export async function walkAndStore(options: WalkAndStoreOptions): Promise<WalkSummary> {
  const { writer } = options;
  const buffer = new PageBuffer<WalkedPage>(options.capacity);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let writerFailure: { error: unknown } | undefined;
  const writing = (async () => {
    await options.ready;
    for await (const page of buffer) await writer.add(page);
    await writer.flush();
  })().catch((error: unknown) => {
    writerFailure = { error };
    buffer.fail(error);
    stop.abort(error);
  });
  try {
    const summary = await options.walk((page) => buffer.push(page, page.items.length), signal);
    buffer.close();
    await writing;
    if (writerFailure) throw writerFailure.error;
    return summary;
  } catch (error) {
    buffer.fail(error);
    // The connection must be idle before the caller rolls back.
    await writing;
    await writer.settle();
    throw writerFailure ? writerFailure.error : error;
  }
}
