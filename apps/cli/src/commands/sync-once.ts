import type { DatabaseHandle } from "@vss-mirror/db";
import { runSync, type SyncLogger, type SyncProgress } from "@vss-mirror/sync";
import type { VssClient } from "@vss-mirror/vss-client";
import { oneLine } from "../one-line.js";
import type { ScopeOutcome } from "../report/scope-outcome.js";

export interface SyncOnceOptions {
  database: DatabaseHandle;
  /** Synced one after the other, in this order. */
  scopes: string[];
  /** A client authenticated as the account that syncs `scope` (may throw, e.g. ConfigError). */
  clientFor: (scope: string) => VssClient;
  /** Pages fetched at once per run. Default: runSync's (4). */
  concurrency?: number;
  /** Bounds of a personal store's upstream sync. Default: runSync's. */
  personalSync?: { pollIntervalMs?: number; timeoutMs?: number };
  logger?: SyncLogger;
  /** Called after each stored page of each scope (e.g. a progress reporter's). Default: none. */
  onProgress?: (progress: SyncProgress) => void;
  /** Aborts the running scope (it is recorded as failed and changes nothing) and skips the rest. */
  signal?: AbortSignal;
  /** The upstream's identity (upstreamIdentity of the API URL, or DEMO_UPSTREAM). */
  upstream: string;
  /** Re-point a database that mirrors another upstream (`--reset-upstream`). Default false. */
  resetUpstream?: boolean;
}

/**
 * `sync --once`: runs each scope inline (no Redis), trigger "cli". A failed scope does not stop the
 * others: each scope's mirror is independent, and a nightly-style run should get as far as it can.
 */
export async function syncOnce(options: SyncOnceOptions): Promise<ScopeOutcome[]> {
  const outcomes: ScopeOutcome[] = [];
  for (const scope of options.scopes) {
    if (options.signal?.aborted) {
      outcomes.push({ scope, ok: false, error: "interrupted before it started" });
      continue;
    }
    try {
      const result = await runSync({
        database: options.database,
        client: options.clientFor(scope),
        scope,
        trigger: "cli",
        upstream: options.upstream,
        ...(options.resetUpstream ? { resetUpstream: true } : {}),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.personalSync === undefined ? {} : { personalSync: options.personalSync }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      outcomes.push({ scope, ok: true, result });
    } catch (error) {
      options.logger?.debug(
        { scope, errorName: error instanceof Error ? error.name : typeof error },
        "sync failed",
      );
      outcomes.push({ scope, ok: false, error: oneLine(error) });
    }
  }
  return outcomes;
}
