import { loadConfig, upstreamIdentity } from "@vss-mirror/config";
import { migrateDatabase } from "@vss-mirror/db";
import type { CommandContext } from "../command-context.js";
import { syncOnce } from "../commands/sync-once.js";
import { createLogger } from "../create-logger.js";
import { cliLogLevel } from "../log-level.js";
import { confirmReset } from "../confirm-reset.js";
import { EXIT, type ExitCode } from "../exit-code.js";
import { createProgressReporter } from "../progress/create-progress-reporter.js";
import { reportOutcomes } from "../report/report-outcomes.js";
import { selectedScopes } from "../selected-scopes.js";
import { vssClients } from "../vss-clients.js";
import type { VssClient } from "@vss-mirror/vss-client";
import { withDatabase } from "../with-database.js";

export interface SyncOnceFlags {
  /** public, personal, all, or one account's username (selected-scopes.ts). */
  scope: string;
  /** `--reset-upstream`: re-point a database that mirrors another upstream. */
  resetUpstream?: boolean;
  json?: boolean;
  /** false with --no-progress. */
  progress: boolean;
}

/** `vss-mirror sync --once`: needs the VSS account(s); DATABASE_URL or the data folder; no Redis. */
export async function runSyncOnce(context: CommandContext, flags: SyncOnceFlags): Promise<ExitCode> {
  const { env, io, signal } = context;
  const config = loadConfig(env, ["vss"]);
  const upstream = upstreamIdentity(config.vss.apiUrl);
  const scopes = selectedScopes(flags.scope, config);
  const logger = createLogger(cliLogLevel(env, config.logLevel, io.stderr.isTTY ?? false));
  const clientFor = vssClients(config, logger);
  // The first scope's login goes out while the database opens and is checked; its run then starts
  // with a token (a failed login is reported by that run, as before).
  prefetchLogin(clientFor, scopes[0]);
  return withDatabase(config, context, {}, async (database) => {
    // Idempotent, and it makes `sync --once` work on a fresh database.
    await migrateDatabase(database);
    if (flags.resetUpstream && !(await confirmReset(database, upstream, context))) return EXIT.failed;
    // On stderr: stdout carries only the results, so `--json > results.json` stays parseable.
    const progress = flags.progress
      ? createProgressReporter({
          stream: io.stderr,
          json: flags.json ?? false,
          isTTY: io.stderr.isTTY ?? false,
        })
      : undefined;
    const outcomes = await syncOnce({
      database,
      scopes,
      clientFor,
      upstream,
      ...(flags.resetUpstream ? { resetUpstream: true } : {}),
      concurrency: config.sync.concurrency,
      personalSync: { pollIntervalMs: config.sync.personalPollMs, timeoutMs: config.sync.personalTimeoutMs },
      logger,
      ...(progress === undefined ? {} : { onProgress: progress.onProgress }),
      ...(signal === undefined ? {} : { signal }),
    }).finally(() => progress?.done());
    return reportOutcomes(outcomes, io, flags.json ?? false);
  });
}

function prefetchLogin(clientFor: (scope: string) => VssClient, scope: string | undefined): void {
  if (scope === undefined) return;
  try {
    clientFor(scope).prefetchToken();
  } catch {
    // An account that cannot be built (missing credentials) fails its own run, with its own message.
  }
}
