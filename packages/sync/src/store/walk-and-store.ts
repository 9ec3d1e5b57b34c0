import { PageBuffer } from "./page-buffer.js";
import { stageRows } from "./stage-columns.js";
import type { StagedRows, StageWriter } from "./stage-writer.js";
import type { PageSink, WalkSummary } from "../walk/walked-page.js";

export interface WalkAndStoreOptions {
  writer: StageWriter;
  /** Rows the buffer between the walk and the writer may hold before the walk waits. */
  capacity: number;
  /** The walk, delivering its pages to `sink`, stopping when `signal` aborts. */
  walk: (sink: PageSink, signal: AbortSignal) => Promise<WalkSummary>;
  signal?: AbortSignal;
}

/**
 * Runs a walk and the writer side by side: pages go from the walk, already encoded as COPY text, into
 * a bounded buffer that the writer drains into the database, so fetching goes on while rows are stored.
 * Either side failing stops the other; the first failure is what this throws. Returns once every page
 * is stored (the writer's last batch flushed).
 */
export async function walkAndStore(options: WalkAndStoreOptions): Promise<WalkSummary> {
  const { writer } = options;
  const buffer = new PageBuffer<StagedRows>(options.capacity);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let writerFailure: { error: unknown } | undefined;
  const writing = (async () => {
    for await (const rows of buffer) await writer.add(rows);
    await writer.flush();
  })().catch((error: unknown) => {
    writerFailure = { error };
    buffer.fail(error);
    stop.abort(error);
  });
  try {
    const summary = await options.walk(async ({ items, covers }) => {
      const rows = { data: Buffer.from(stageRows(items)), rows: items.length, covers };
      await buffer.push(rows, rows.rows);
    }, signal);
    buffer.close();
    await writing;
    if (writerFailure) throw writerFailure.error;
    return summary;
  } catch (error) {
    buffer.fail(error);
    // The connection must be idle before the caller rolls back.
    await writing;
    throw writerFailure ? writerFailure.error : error;
  }
}
