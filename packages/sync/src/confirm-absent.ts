import type { Connection } from "@vss-mirror/db";
import { type IsoImage, type VssClient, VssNotFoundError } from "@vss-mirror/vss-client";
import type { RunContext } from "./run-context.js";
import { absentIds } from "./store/delete-absent.js";
import type { StageWriter } from "./store/stage-writer.js";
import { pageWalk } from "./walk/page-walk.js";

export interface ConfirmAbsentOptions {
  connection: Connection;
  run: RunContext;
  writer: StageWriter;
  client: VssClient;
  concurrency: number;
  signal?: AbortSignal;
}

/**
 * After a page walk, which can miss a live item when the listing shifts under it: asks the upstream
 * about every item the walk did not see before it is deleted. A public item is gone only when
 * `GET /v2/iso/<id>` answers 404; a personal one only when a second complete listing lacks it too. What
 * turns out live is stored like any walked item (so it is seen, and kept). Returns how many were.
 */
export async function confirmAbsent(options: ConfirmAbsentOptions): Promise<number> {
  const { run, client, signal } = options;
  const candidates = await absentIds(options.connection, run);
  if (candidates.length === 0) return 0;
  const alive: IsoImage[] = [];
  if (run.scope === "public") {
    let next = 0;
    const worker = async () => {
      while (next < candidates.length) {
        const id = candidates[next++]!;
        try {
          alive.push(await client.getIso(id, signal === undefined ? {} : { signal }));
        } catch (error) {
          if (!(error instanceof VssNotFoundError)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, candidates.length) }, worker));
  } else {
    const wanted = new Set(candidates);
    await pageWalk({
      list: client.listPersonalIsos({ sort: null, ...(signal === undefined ? {} : { signal }) }),
      concurrency: options.concurrency,
      sink: async ({ items }) => {
        for (const item of items) if (wanted.has(item.id)) alive.push(item);
      },
    });
  }
  if (alive.length > 0) {
    await options.writer.add({ items: alive });
    await options.writer.flush();
  }
  return alive.length;
}
