import { type Connection, type DatabaseHandle, databaseProblem } from "@vss-mirror/db";
import type { IsoList, ListOptions, VssClient, VssLogger } from "@vss-mirror/vss-client";
import { confirmAbsent } from "./confirm-absent.js";
import { DatabaseUnavailableError, SyncLockedError } from "./errors.js";
import { mirrorLayout } from "./mirror-layout.js";
import type { RunContext } from "./run-context.js";
import { recordFailure } from "./record-failure.js";
import { checkUpstream } from "./upstream-record.js";
import { failAbandonedRuns, finishSucceededRun, startRun, type SyncTrigger } from "./run-record.js";
import { tryLockScope, unlockScope } from "./scope-lock.js";
import { scopePartition } from "./store/scope-partition.js";
import { StageWriter, type StoreCounts } from "./store/stage-writer.js";
import { walkAndStore } from "./store/walk-and-store.js";
import { KeysetRefusedError } from "./walk/keyset-errors.js";
import { keysetWalk } from "./walk/keyset-walk.js";
import { pageWalk } from "./walk/page-walk.js";
import type { IdLayout, WalkProgress, WalkSummary } from "./walk/walked-page.js";

/** pino-compatible subset: the client's logger interface, so one logger serves both. */
export type SyncLogger = VssLogger;

export interface SyncProgress extends WalkProgress {
  scope: string;
}

export interface RunSyncOptions {
  database: DatabaseHandle;
  /** Authenticated as the scope's account for a personal scope; any account for "public". */
  client: VssClient;
  /** "public" for the public catalogue, otherwise the username whose personal store it is. */
  scope: string;
  /**
   * The identity of the upstream `client` talks to: its API URL (no credentials), or DEMO_UPSTREAM. A
   * database that mirrors another upstream is refused (UpstreamMismatchError) and left unchanged.
   */
  upstream: string;
  /** Re-point a database that mirrors another upstream to `upstream` (see checkUpstream). Default false. */
  resetUpstream?: boolean;
  trigger: SyncTrigger;
  /** Recorded in sync_runs.job_id when the run is a BullMQ job. */
  jobId?: string;
  /** Requests kept in flight (id ranges walked side by side). Default 8. */
  concurrency?: number;
  /** Items asked for per request; the upstream's maximum is 250. Default 250. */
  perPage?: number;
  /**
   * Items stored per batch (COPY, merge): each statement's round trip and plan cost as much as
   * thousands of rows, and each item held waiting for its batch costs memory. Default 2,500.
   */
  batchItems?: number;
  /** Bounds of the personal store's PATCH-and-wait (see the client's SyncOptions). */
  personalSync?: { pollIntervalMs?: number; timeoutMs?: number };
  logger?: SyncLogger;
  /**
   * When the run fails with the database gone, how long to wait for it to come back and record the
   * failure before throwing; the attempts go on in the background after that. Default 10,000.
   */
  recordFailureWaitMs?: number;
  /** Called after each page the walk accepts. */
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
}

export interface SyncRunResult extends StoreCounts {
  runId: number;
  scope: string;
  status: "succeeded";
  /** Which walk listed the scope: "keyset" (by id ranges) or "pages" (the fallback). */
  walk: WalkSummary["walk"];
  pages: number;
  itemsSeen: number;
  deleted: number;
  httpRequests: number;
  retries: number;
  durationMs: number;
}

/**
 * One run of one scope, on one connection: take the scope's lock, record the run, list the scope by id
 * and store it as it arrives, inside ONE transaction; delete by absence only after the walk proved it
 * complete, and commit together with the run's success. A failure rolls everything back: the mirror
 * stays as the last successful run left it, and the run is recorded as failed.
 */
export async function runSync(options: RunSyncOptions): Promise<SyncRunResult> {
  const { database, scope } = options;
  const concurrency = options.concurrency ?? 8;
  if (!scope) throw new TypeError("runSync: scope is required");
  if (!options.upstream) throw new TypeError("runSync: upstream is required");
  for (const [name, value] of [
    ["concurrency", concurrency],
    ["perPage", options.perPage ?? 250],
    ["batchItems", options.batchItems ?? 2_500],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`runSync: ${name} must be a positive integer, got ${value}`);
    }
  }
  try {
    return await database.withConnection(async (connection) => {
      if (!(await tryLockScope(connection.db, scope))) throw new SyncLockedError(scope);
      try {
        await checkUpstream(connection, {
          upstream: options.upstream,
          ...(options.resetUpstream === undefined ? {} : { reset: options.resetUpstream }),
        });
        await failAbandonedRuns(connection.db, scope);
        return await recordedRun(connection, options, concurrency);
      } finally {
        await unlockScope(connection.db, scope).catch(() => {});
      }
    });
  } catch (error) {
    // Before the run was recorded (no connection, the lock query failed): said the same way.
    const problem = error instanceof DatabaseUnavailableError ? undefined : databaseProblem(error);
    if (problem !== undefined) throw new DatabaseUnavailableError(problem, { cause: error });
    throw error;
  }
}

async function recordedRun(
  connection: Connection,
  options: RunSyncOptions,
  concurrency: number,
): Promise<SyncRunResult> {
  const { client, scope, logger } = options;
  const began = performance.now();
  const before = { requests: client.stats.requests, retries: client.stats.retries };
  const usage = () => ({
    httpRequests: client.stats.requests - before.requests,
    retries: client.stats.retries - before.retries,
  });
  const started = await startRun(connection.db, { scope, trigger: options.trigger, jobId: options.jobId });
  const run: RunContext = { scope, runId: started.id, seenAt: started.startedAt };
  let progress: WalkProgress = { pagesDone: 0, itemsDone: 0 };
  logger?.info({ runId: run.runId, scope, trigger: options.trigger }, "sync run started");
  try {
    if (scope !== "public") {
      // The personal store lists what the upstream's last sync of it found: sync it first (PATCH,
      // then wait for a final state), outside the transaction: nothing is written meanwhile.
      await client.syncPersonalIsos({ ...options.personalSync, signal: options.signal });
    }
    const writer = new StageWriter(connection, run, options.batchItems ?? 2_500);
    // The walk starts at once (the upstream's answers wait in the page buffer) while the connection
    // gets the run ready: the mirror's id layout, the transaction, its temp tables. Nothing is stored before.
    const layout = mirrorLayout(connection, scope, concurrency);
    const ready = (async () => {
      await layout;
      await connection.query("begin");
      // JIT compiling pays off for long analytical queries; a run's statements are many and short, and
      // their row estimates (temp tables without statistics) put each past jit_above_cost: compiling
      // cost about 70 ms a statement, more than running it.
      await connection.query("set local jit = off");
      await connection.query("set local work_mem = '64MB'");
      // Every join a run makes is a batch against an index (LATERAL probes, parameterized scans); temp
      // tables have no statistics, and a first sync's partition none yet, so the planner could otherwise
      // pick a hash or merge join that reads a whole scope once per batch.
      await connection.query("set local enable_hashjoin = off");
      await connection.query("set local enable_mergejoin = off");
      await writer.open();
    })();
    ready.catch(() => {}); // seen by the writer, which fails the walk with it
    try {
      const onProgress = (walked: WalkProgress) => {
        progress = walked;
        options.onProgress?.({ scope, ...walked });
      };
      const summary = await listAndStore({
        ...options,
        concurrency,
        layout,
        ready,
        writer,
        run,
        connection,
        onProgress,
      });
      // A first sync's partition is attached now, its indexes built in one go.
      await writer.finish();
      const counts = writer.counts;
      const deleted = counts.deleted;
      await finishSucceededRun(connection.db, run.runId, {
        walk: summary.walk,
        upstreamTotal: summary.upstreamTotal ?? null,
        pages: summary.pages,
        itemsSeen: counts.seen,
        // restored rows are updates in the run's columns; history tells them apart
        inserted: counts.inserted,
        updated: counts.updated + counts.restored,
        unchanged: counts.unchanged,
        deleted,
        ...usage(),
      });
      await connection.query("commit");
      const result: SyncRunResult = {
        runId: run.runId,
        scope,
        status: "succeeded",
        walk: summary.walk,
        pages: summary.pages,
        itemsSeen: counts.seen,
        ...counts,
        ...usage(),
        durationMs: Math.round(performance.now() - began),
      };
      if (counts.inserted + counts.restored + deleted >= ANALYZE_AFTER_CHANGES) {
        // The scope's own partition (analyzing the parent would read every scope's), and only the
        // columns queries filter, join and sort on: the jsonb ones cost most and guide no plan.
        const { table } = await scopePartition(connection, scope);
        // A tenth of the default sample: ample for these columns' plans, and a tenth of the time.
        await connection.query("set default_statistics_target = 10");
        await connection.query(
          `analyze ${table} (scope, vss_id, name, path, data_store, is_public, created_on, updated_on, deleted_at),
                   vss.iso_image_changes (run_id, scope, vss_id, change, at)`,
        );
        await connection.query("reset default_statistics_target");
      }
      logger?.info({ ...result }, "sync run succeeded");
      return result;
    } catch (error) {
      // The connection must be done getting ready before it rolls back.
      await ready.catch(() => {});
      await connection.query("rollback").catch(() => {});
      throw error;
    }
  } catch (error) {
    const problem = databaseProblem(error);
    const failure = problem === undefined ? error : new DatabaseUnavailableError(problem, { cause: error });
    const message = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
    logger?.error({ runId: run.runId, scope, err: message }, "sync run failed; nothing from it was kept");
    await recordFailure({
      database: options.database,
      connection,
      connectionLost: problem !== undefined,
      runId: run.runId,
      outcome: { error: message, pages: progress.pagesDone, itemsSeen: progress.itemsDone, ...usage() },
      waitMs: options.recordFailureWaitMs ?? 10_000,
      logger,
    });
    throw failure;
  }
}

/** A run that changed this many rows refreshes the planner's statistics (autovacuum may take minutes). */
const ANALYZE_AFTER_CHANGES = 1_000;

interface ListAndStoreOptions extends RunSyncOptions {
  concurrency: number;
  /** How the mirror's ids lie, for the walk's ranges, once the connection has read it. */
  layout: Promise<IdLayout | undefined>;
  /** Settles when the run's transaction is ready for the writer. */
  ready: Promise<void>;
  writer: StageWriter;
  run: RunContext;
  connection: Connection;
  onProgress: (progress: WalkProgress) => void;
}

/**
 * Walks the scope by id and stores it, deleting as it goes what each page proves gone; an upstream that
 * refuses to filter or sort by id gets the page walk instead, whose would-be deletions are confirmed
 * one by one and applied at the end.
 */
async function listAndStore(options: ListAndStoreOptions): Promise<WalkSummary> {
  const { client, scope, writer, concurrency, logger } = options;
  const perPage = options.perPage ?? 250;
  const open = (list: ListOptions): IsoList =>
    scope === "public" ? client.listIsos(list) : client.listPersonalIsos(list);
  const capacity = (options.batchItems ?? 2_500) + concurrency * perPage;
  const signal = options.signal;
  try {
    const summary = await walkAndStore({
      writer,
      ready: options.ready,
      capacity,
      ...(signal === undefined ? {} : { signal }),
      walk: (sink, walkSignal) =>
        keysetWalk({
          open,
          concurrency,
          perPage,
          layout: options.layout,
          sink,
          onProgress: options.onProgress,
          signal: walkSignal,
        }),
    });
    // The pages tile the id space (checked by the walk): whatever the mirror holds that none of them
    // had is gone.
    await writer.deleteAbsent();
    return summary;
  } catch (error) {
    if (!(error instanceof KeysetRefusedError)) throw error;
    logger?.warn({ runId: options.run.runId, scope, reason: error.message }, "falling back to the page walk");
  }
  const summary = await walkAndStore({
    writer,
    ready: options.ready,
    capacity,
    ...(signal === undefined ? {} : { signal }),
    walk: (sink, walkSignal) =>
      pageWalk({
        // No sort: an upstream that refused to sort by id lists in its own order.
        list: open({ perPage, sort: null, signal: walkSignal }),
        concurrency,
        sink,
        onProgress: options.onProgress,
      }),
  });
  const kept = await confirmAbsent({
    connection: options.connection,
    run: options.run,
    writer,
    client,
    concurrency,
    ...(signal === undefined ? {} : { signal }),
  });
  if (kept > 0)
    logger?.info({ runId: options.run.runId, scope, kept }, "page walk missed live items; kept them");
  await writer.deleteAbsent();
  return summary;
}
