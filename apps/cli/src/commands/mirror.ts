import {
  type AppConfig,
  type ConfigSection,
  loadConfig,
  maskUrl,
  scopesFor,
  upstreamIdentity,
} from "@vss-mirror/config";
import { DEMO_UPSTREAM, recordedUpstream, UpstreamMismatchError } from "@vss-mirror/sync";
import { migrateDatabase } from "@vss-mirror/db";
import type { CommandContext } from "../command-context.js";
import { confirmReset } from "../confirm-reset.js";
import { createLogger } from "../create-logger.js";
import { EXIT, type ExitCode } from "../exit-code.js";
import { println } from "../io.js";
import { startDemoUpstream } from "../mirror/demo-upstream.js";
import { changeLines, scopeLine, successfulRuns, totalsLines } from "../mirror/mirror-report.js";
import { vssClients } from "../vss-clients.js";
import { openCliDatabase } from "../with-database.js";
import { syncOnce } from "./sync-once.js";

/** Any of these set means "use the real API", and then all three are required. */
const REAL_API_VARIABLES = ["VSS_API_URL", "VSS_USERNAME", "VSS_PASSWORD"] as const;

/**
 * `mirror`: the quick start's whole job with no configuration at all. Opens the mirror (PGlite in
 * VSS_MIRROR_DATA_DIR, default ./.data/pglite; a server when DATABASE_URL is set), migrates, syncs the
 * public catalogue and every account's personal store from the real API when VSS credentials are set,
 * else from the built-in simulator, and prints what the mirror holds and what this run changed.
 */
export interface MirrorFlags {
  /** `--wait`: wait for another process using the data folder. */
  wait?: boolean;
  /** `--reset-upstream`: re-point a database that mirrors another VSS API (never onto the demo). */
  resetUpstream?: boolean;
}

export async function mirrorCommand(context: CommandContext, flags: MirrorFlags = {}): Promise<ExitCode> {
  const { env, io, signal } = context;
  const realApi = REAL_API_VARIABLES.some((name) => env[name] !== undefined);
  const need: ConfigSection[] = realApi ? ["vss"] : [];
  const config = loadConfig(env, need);
  // Per-run JSON logs would bury the report; LOG_LEVEL still turns them on.
  const logger = createLogger(env.LOG_LEVEL === undefined ? "warn" : config.logLevel);
  const { database, description } = await openCliDatabase(config, context, flags);
  try {
    await migrateDatabase(database);
    const identity = realApi ? upstreamIdentity(config.vss.apiUrl) : DEMO_UPSTREAM;
    const recorded = await recordedUpstream(database);
    if (!realApi && recorded !== undefined && recorded !== DEMO_UPSTREAM) {
      // Checked again by every run; said here once, before the demo even starts.
      println(
        io.stderr,
        `vss-mirror: ${new UpstreamMismatchError(recorded, identity, "the demo never runs on a database holding other data; set VSS_API_URL, VSS_USERNAME and VSS_PASSWORD to sync it, or use another data folder (VSS_MIRROR_DATA_DIR) or DATABASE_URL").message}`,
      );
      return EXIT.failed;
    }
    if (flags.resetUpstream && realApi && !(await confirmReset(database, identity, context))) {
      return EXIT.failed;
    }
    const before = await successfulRuns(database);
    const generation = before.get("public") ?? 0;
    const demo = realApi ? undefined : await startDemoUpstream(generation);
    try {
      const upstream: AppConfig = demo
        ? { ...config, vss: { ...config.vss, apiUrl: demo.sim.url }, accounts: demo.accounts }
        : config;
      println(io.stdout, `mirror: ${description}`);
      println(
        io.stdout,
        demo
          ? `upstream: built-in VSS simulator (demo catalogue; the demo upstream evolves between runs, ` +
              `${generation === 0 ? "none of its changes applied yet" : `${generation} change set${generation === 1 ? "" : "s"} applied`})`
          : `upstream: ${maskUrl(config.vss.apiUrl) ?? "VSS_API_URL"} (${upstream.accounts.length} account${upstream.accounts.length === 1 ? "" : "s"})`,
      );
      const outcomes = await syncOnce({
        database,
        scopes: scopesFor("all", upstream.accounts),
        clientFor: vssClients(upstream, logger),
        upstream: identity,
        ...(flags.resetUpstream && realApi ? { resetUpstream: true } : {}),
        concurrency: config.sync.concurrency,
        personalSync: demo
          ? { pollIntervalMs: 20, timeoutMs: 30_000 }
          : { pollIntervalMs: config.sync.personalPollMs, timeoutMs: config.sync.personalTimeoutMs },
        logger,
        ...(signal === undefined ? {} : { signal }),
      });
      const changes: string[] = [];
      for (const outcome of outcomes) {
        if (!outcome.ok) {
          println(io.stderr, `sync failed for scope ${outcome.scope}: ${outcome.error}`);
          continue;
        }
        const firstSync = (before.get(outcome.scope) ?? 0) === 0;
        println(io.stdout, scopeLine(outcome.result, firstSync));
        if (!firstSync)
          changes.push(`  ${outcome.scope}:`, ...(await changeLines(database, outcome.result.runId)));
      }
      for (const line of await totalsLines(database)) println(io.stdout, line);
      if (changes.length > 0) {
        println(io.stdout, "Changes in this run:");
        for (const line of changes) println(io.stdout, line);
      }
      if (demo) {
        println(io.stdout, "Run it again to resync: the demo upstream changes a little before every run.");
      }
      return outcomes.every((outcome) => outcome.ok) ? EXIT.ok : EXIT.failed;
    } finally {
      await demo?.close();
    }
  } finally {
    await database.close();
  }
}
