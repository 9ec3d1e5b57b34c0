import { Argument, Command, CommanderError, Option } from "commander";
import {
  type AppConfig,
  type ConfigSection,
  ConfigError,
  loadConfig,
  type ScopeSelection,
  scopesFor,
} from "@vss-mirror/config";
import { createSyncQueue, redisConnection, SYNC_QUEUE } from "@vss-mirror/queue";
import { QueueEvents } from "bullmq";
import { migrateDatabase } from "@vss-mirror/db";
import { migrateCommand } from "./commands/migrate.js";
import { mirrorCommand } from "./commands/mirror.js";
import { reportCommand, type ReportCommandOptions } from "./commands/report.js";
import { statusCommand } from "./commands/status.js";
import { syncOnce } from "./commands/sync-once.js";
import { syncViaQueue } from "./commands/sync-via-queue.js";
import { createLogger } from "./create-logger.js";
import type { Env } from "./env.js";
import { EXIT, type ExitCode } from "./exit-code.js";
import { type CliIo, println } from "./io.js";
import { oneLine } from "./one-line.js";
import { createProgressReporter } from "./progress/create-progress-reporter.js";
import { parsePositiveInt, parseScopeSelection } from "./option-parsers.js";
import { reportOutcomes } from "./report/report-outcomes.js";
import { REPORT_FORMATS } from "./reports/format-report.js";
import { REPORT_NAMES, REPORTS } from "./reports/reports.js";
import { vssClients } from "./vss-clients.js";
import { withDatabase } from "./with-database.js";

export interface RunCliOptions {
  /** The environment snapshot from env.ts. */
  env: Env;
  io: CliIo;
  /** Interrupts a running `sync --once` (Ctrl-C). Default: none. */
  signal?: AbortSignal;
}

interface SyncFlags {
  once?: boolean;
  viaQueue?: boolean;
  scope: ScopeSelection;
  json?: boolean;
  /** false with --no-progress. */
  progress: boolean;
  timeoutMs: number;
  queuePrefix?: string;
}

/** Default for `sync --via-queue --timeout-ms`: longer than a job's five attempts with their backoff. */
const DEFAULT_QUEUE_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs `vss-mirror <argv>` and resolves to the exit code: 0 done, 1 a sync or operation failed (reason
 * on stderr), 2 invalid configuration or usage (nothing attempted).
 */
export async function runCli(argv: string[], options: RunCliOptions): Promise<ExitCode> {
  const { env, io } = options;
  let exitCode: ExitCode = EXIT.ok;
  // Loaded per command, so that each asks only for the sections it uses.
  const config = (need: ConfigSection[]): AppConfig => loadConfig(env, need);

  const program = new Command("vss-mirror")
    .description("Mirror the VSS Cloud API ISO catalogue into PostgreSQL.")
    // Before the subcommands exist: they copy these settings when added.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError("(run vss-mirror --help for usage)");

  program
    .command("migrate")
    .description("Apply the database migrations not yet applied (safe to repeat).")
    .action(async () => {
      const { databaseUrl } = config(["database"]);
      exitCode = await withDatabase(databaseUrl, (database) => migrateCommand(database, io));
    });

  program
    .command("sync")
    .description("Sync scopes now: inline with --once, or through the workers with --via-queue.")
    .addOption(new Option("--once", "run the sync in this process (no Redis needed)").conflicts("viaQueue"))
    .addOption(new Option("--via-queue", "enqueue one job per scope and wait for the workers"))
    .addOption(
      new Option("--scope <scope>", "public, personal (every account's store) or all")
        .argParser(parseScopeSelection)
        .default("all"),
    )
    .option("--json", "print the results as JSON (and progress as JSON lines on stderr)")
    .option("--no-progress", "with --once: no progress on stderr")
    .addOption(
      new Option("--timeout-ms <ms>", "with --via-queue: how long to wait for the jobs")
        .argParser(parsePositiveInt)
        .default(DEFAULT_QUEUE_TIMEOUT_MS),
    )
    .option(
      "--queue-prefix <prefix>",
      "with --via-queue: BullMQ key prefix, as the workers use (default: bull)",
    )
    .action(async (flags: SyncFlags, command: Command) => {
      if (!flags.once && !flags.viaQueue) {
        command.error("error: sync needs --once or --via-queue", { exitCode: EXIT.usage });
      }
      exitCode = flags.once ? await runSyncOnce(flags) : await runSyncViaQueue(flags);
    });

  program
    .command("mirror")
    .description(
      "Mirror the catalogue and report what changed; with no configuration, into PGlite from the built-in simulator.",
    )
    .action(async () => {
      exitCode = await mirrorCommand({
        env,
        io,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    });

  program
    .command("status")
    .description("Show the last sync runs of each scope.")
    .option("--json", "print the runs as JSON")
    .addOption(new Option("--limit <n>", "runs shown per scope").argParser(parsePositiveInt).default(5))
    .action(async (flags: { json?: boolean; limit: number }) => {
      const { databaseUrl } = config(["database"]);
      exitCode = await withDatabase(databaseUrl, (database) =>
        statusCommand(database, io, { limit: flags.limit, json: flags.json ?? false }),
      );
    });

  program
    .command("report")
    .description(
      `Print a report on the mirror:\n${REPORTS.map((r) => `  ${r.name.padEnd(14)}${r.description}`).join("\n")}`,
    )
    .addArgument(new Argument("<name>", "the report").choices(REPORT_NAMES))
    .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("table"))
    .option("--scope <scope>", "only this scope: public or a username")
    .addOption(
      new Option("--limit <n>", "newest: rows (default 20); runs: runs per scope (default 5)").argParser(
        parsePositiveInt,
      ),
    )
    .addOption(new Option("--days <n>", "changes: how many days back").argParser(parsePositiveInt).default(7))
    .option("--created", "changes: include items first seen")
    .action(async (name: string, flags: ReportCommandOptions) => {
      const report = REPORTS.find((r) => r.name === name);
      if (!report) throw new Error(`unknown report ${name}`); // commander's choices() already refused it
      const { databaseUrl } = config(["database"]);
      exitCode = await withDatabase(databaseUrl, (database) => reportCommand(database, io, report, flags));
    });

  async function runSyncOnce(flags: SyncFlags): Promise<ExitCode> {
    const cfg = config(["vss", "database"]);
    const scopes = selectedScopes(flags.scope, cfg);
    const logger = createLogger(cfg.logLevel);
    const clientFor = vssClients(cfg, logger);
    return withDatabase(cfg.databaseUrl, async (database) => {
      // Idempotent, and it makes `sync --once` work on a fresh database.
      await migrateDatabase(database);
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
        concurrency: cfg.sync.concurrency,
        personalSync: { pollIntervalMs: cfg.sync.personalPollMs, timeoutMs: cfg.sync.personalTimeoutMs },
        logger,
        ...(progress === undefined ? {} : { onProgress: progress.onProgress }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }).finally(() => progress?.done());
      return reportOutcomes(outcomes, io, flags.json ?? false);
    });
  }

  async function runSyncViaQueue(flags: SyncFlags): Promise<ExitCode> {
    const cfg = config(["redis"]);
    const scopes = selectedScopes(flags.scope, cfg);
    const connection = redisConnection(cfg.redisUrl, "queue");
    // QueueEvents blocks on XREAD on its connection, so it gets its own, of the kind that waits forever.
    const eventsConnection = redisConnection(cfg.redisUrl, "worker");
    const prefix = flags.queuePrefix === undefined ? {} : { prefix: flags.queuePrefix };
    const queueEvents = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, ...prefix });
    const queue = createSyncQueue(connection, prefix);
    try {
      const outcomes = await syncViaQueue({ queue, queueEvents, scopes, timeoutMs: flags.timeoutMs });
      return reportOutcomes(outcomes, io, flags.json ?? false);
    } finally {
      await queueEvents.close();
      await queue.close();
      // BullMQ leaves connections it was given open.
      eventsConnection.disconnect();
      connection.disconnect();
    }
  }

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof ConfigError) {
      println(io.stderr, error.message);
      return EXIT.usage;
    }
    // commander has already printed its message (help, version, unknown command or option).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    println(io.stderr, `vss-mirror: ${oneLine(error)}`);
    return EXIT.failed;
  }
}

function selectedScopes(selection: ScopeSelection, config: AppConfig): string[] {
  const scopes = scopesFor(selection, config.accounts);
  if (scopes.length === 0) {
    throw new ConfigError(
      "VSS_USERNAME",
      "no VSS accounts are configured, so there is no personal store to sync (set VSS_USERNAME or VSS_ACCOUNTS_FILE)",
    );
  }
  return scopes;
}
