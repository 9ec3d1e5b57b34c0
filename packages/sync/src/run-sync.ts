import type { Database, DatabaseHandle } from "@vss-mirror/db";
import type { IsoImage, IsoList, VssClient, VssLogger } from "@vss-mirror/vss-client";
import { sql } from "drizzle-orm";
import { applyPage, type PageCounts, type RunContext } from "./apply-page.js";
import { deleteAbsent } from "./delete-absent.js";
import { SyncLockedError } from "./errors.js";
import { ListingTracker } from "./listing-tracker.js";
import { createSeenIds, recordSeenIds } from "./seen-ids.js";
import {
  failAbandonedRuns,
  finishFailedRun,
  finishSucceededRun,
  startRun,
  type SyncTrigger,
} from "./run-record.js";
import { tryLockScope, unlockScope } from "./scope-lock.js";

/** pino-compatible subset: the client's logger interface, so one logger serves both. */
export type SyncLogger = VssLogger;

export interface SyncProgress {
  scope: string;
  pagesDone: number;
  pages?: number;
  itemsDone: number;
  total?: number;
}

export interface RunSyncOptions {
  database: DatabaseHandle;
  /** Authenticated as the scope's account for a personal scope; any account for "public". */
  client: VssClient;
  /** "public" for the public catalogue, otherwise the username whose personal store it is. */
  scope: string;
  trigger: SyncTrigger;
  /** Recorded in sync_runs.job_id when the run is a BullMQ job. */
  jobId?: string;
  /** Pages fetched at once. Default 4. */
  concurrency?: number;
  /**
   * Items stored per statement: consecutive pages are gathered up to this many, because each statement's
   * round trip and planning cost as much as hundreds of rows. Default 1,000 (four pages of 250).
   */
  batchItems?: number;
  /** Bounds of the personal store's PATCH-and-wait (see the client's SyncOptions). */
  personalSync?: { pollIntervalMs?: number; timeoutMs?: number };
  logger?: SyncLogger;
  /** Called after each stored page. */
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
}

export interface SyncRunResult extends PageCounts {
  runId: number;
  scope: string;
  status: "succeeded";
  pages: number;
  itemsSeen: number;
  deleted: number;
  httpRequests: number;
  retries: number;
  durationMs: number;
}

/**
 * One run of one scope, on one connection: take the scope's lock, record the run, walk the listing and
 * store it page by page inside ONE transaction, delete by absence only after a complete walk, and
 * commit together with the run's success. A failure rolls everything back: the mirror stays as the last
 * successful run left it, and the run is recorded as failed.
 */
export async function runSync(options: RunSyncOptions): Promise<SyncRunResult> {
  const { database, scope } = options;
  const concurrency = options.concurrency ?? 4;
  if (!scope) throw new TypeError("runSync: scope is required");
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`runSync: concurrency must be a positive integer, got ${concurrency}`);
  }
  return database.withConnection(async (db) => {
    if (!(await tryLockScope(db, scope))) throw new SyncLockedError(scope);
    try {
      await failAbandonedRuns(db, scope);
      return await recordedRun(db, options, concurrency);
    } finally {
      await unlockScope(db, scope).catch(() => {});
    }
  });
}

async function recordedRun(
  db: Database,
  options: RunSyncOptions,
  concurrency: number,
): Promise<SyncRunResult> {
  const { client, scope, logger } = options;
  const batchItems = options.batchItems ?? 1_000;
  const began = performance.now();
  const before = { requests: client.stats.requests, retries: client.stats.retries };
  const usage = () => ({
    httpRequests: client.stats.requests - before.requests,
    retries: client.stats.retries - before.retries,
  });
  const started = await startRun(db, { scope, trigger: options.trigger, jobId: options.jobId });
  const run: RunContext = { scope, runId: started.id, seenAt: started.startedAt };
  const tracker = new ListingTracker();
  logger?.info({ runId: run.runId, scope, trigger: options.trigger }, "sync run started");
  try {
    const { listing } = await openListing(options);
    const counts = await db.transaction(async (tx) => {
      const totals: PageCounts & { deleted: number } = {
        inserted: 0,
        updated: 0,
        restored: 0,
        unchanged: 0,
        deleted: 0,
      };
      let batch: IsoImage[] = [];
      await createSeenIds(tx);
      const store = async () => {
        await recordSeenIds(
          tx,
          batch.map((item) => item.id),
        );
        const stored = await applyPage(tx, run, batch);
        for (const key of ["inserted", "updated", "restored", "unchanged"] as const)
          totals[key] += stored[key];
        batch = [];
      };
      for await (const page of listing.pagesConcurrently({ concurrency })) {
        tracker.accept(page);
        batch.push(...page.items);
        if (batch.length >= batchItems) await store();
        options.onProgress?.({
          scope,
          pagesDone: tracker.pagesSeen,
          pages: tracker.pages,
          itemsDone: tracker.itemsSeen,
          total: tracker.total,
        });
      }
      await store();
      tracker.assertComplete();
      totals.deleted = await deleteAbsent(tx, run);
      await finishSucceededRun(tx, run.runId, {
        pages: tracker.pagesSeen,
        itemsSeen: tracker.itemsSeen,
        // restored rows are updates in the run's columns; history tells them apart
        inserted: totals.inserted,
        updated: totals.updated + totals.restored,
        unchanged: totals.unchanged,
        deleted: totals.deleted,
        ...usage(),
      });
      return totals;
    });
    if (counts.inserted + counts.restored + counts.deleted >= ANALYZE_AFTER_CHANGES) {
      await db.execute(sql`analyze vss.iso_image_rows, vss.iso_image_changes`);
    }
    const result: SyncRunResult = {
      runId: run.runId,
      scope,
      status: "succeeded",
      pages: tracker.pagesSeen,
      itemsSeen: tracker.itemsSeen,
      ...counts,
      ...usage(),
      durationMs: Math.round(performance.now() - began),
    };
    logger?.info({ ...result }, "sync run succeeded");
    return result;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger?.error({ runId: run.runId, scope, err: message }, "sync run failed; nothing from it was kept");
    await finishFailedRun(db, run.runId, {
      error: message,
      pages: tracker.pagesSeen,
      itemsSeen: tracker.itemsSeen,
      ...usage(),
    }).catch((recordError: unknown) =>
      logger?.error({ runId: run.runId, scope, err: String(recordError) }, "could not record the failed run"),
    );
    throw error;
  }
}

/** A run that changed this many rows refreshes the planner's statistics (autovacuum may take minutes). */
const ANALYZE_AFTER_CHANGES = 1_000;

/**
 * The listing to walk; a personal store is first synced upstream (PATCH, then wait for a final state).
 * Wrapped in an object because an IsoList is thenable: resolving to it would fetch page 1 instead.
 */
async function openListing(options: RunSyncOptions): Promise<{ listing: IsoList }> {
  const { client, scope, signal } = options;
  if (scope === "public") return { listing: client.listIsos({ signal }) };
  await client.syncPersonalIsos({ ...options.personalSync, signal });
  return { listing: client.listPersonalIsos({ signal }) };
}
