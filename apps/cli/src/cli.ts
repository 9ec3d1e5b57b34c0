// The commander program. Only light modules are imported here: `vss-mirror --help` (and a usage error)
// must not load the database drivers, BullMQ, the simulator or the config validation. Each action
// imports its implementation, and with it those modules, when it runs.
import { Argument, Command, CommanderError, Option } from "commander";
import type { CommandContext } from "./command-context.js";
import type { ReportCommandOptions } from "./commands/report.js";
import type { Env } from "./env.js";
import { EXIT, type ExitCode } from "./exit-code.js";
import { type CliIo, println } from "./io.js";
import { oneLine } from "./one-line.js";
import { parsePort, parsePositiveInt } from "./option-parsers.js";
import { REPORT_FORMATS } from "./reports/format-report.js";
import { REPORT_NAMES, REPORTS } from "./reports/reports.js";

export interface RunCliOptions {
  /** The environment snapshot from env.ts. */
  env: Env;
  io: CliIo;
  /** Interrupts a running `sync --once` or `mirror` (Ctrl-C). Default: none. */
  signal?: AbortSignal;
  /** Asks the person at the terminal a yes/no question; absent when nobody is there to ask. */
  confirm?: (question: string) => Promise<boolean>;
}

interface SyncFlags {
  once?: boolean;
  viaQueue?: boolean;
  scope: string;
  json?: boolean;
  /** false with --no-progress. */
  progress: boolean;
  timeoutMs: number;
  queuePrefix?: string;
  resetUpstream?: boolean;
}

const WAIT_HELP = "wait for another process using the data folder, instead of failing at once";

/** Default for `sync --via-queue --timeout-ms`: longer than a job's five attempts with their backoff. */
const DEFAULT_QUEUE_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs `vss-mirror <argv>` and resolves to the exit code: 0 done, 1 a sync or operation failed (reason
 * on stderr), 2 invalid configuration or usage (nothing attempted).
 */
export async function runCli(argv: string[], options: RunCliOptions): Promise<ExitCode> {
  const { io } = options;
  const context: CommandContext = {
    env: options.env,
    io,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
  };
  let exitCode: ExitCode = EXIT.ok;

  const program = new Command("vss-mirror")
    .description("Mirror the VSS Cloud API ISO catalogue into PostgreSQL.")
    // Before the subcommands exist: they copy these settings when added.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError("(run vss-mirror --help for usage)");

  program
    .command("migrate")
    .description("Apply the database migrations not yet applied (safe to repeat).")
    .option("--wait", WAIT_HELP)
    .action(async (flags: { wait?: boolean }) => {
      const { runMigrate } = await import("./actions/migrate.js");
      exitCode = await runMigrate(context, flags);
    });

  program
    .command("sync")
    .description("Sync scopes now: inline with --once, or through the workers with --via-queue.")
    .addOption(new Option("--once", "run the sync in this process (no Redis needed)").conflicts("viaQueue"))
    .addOption(new Option("--via-queue", "enqueue one job per scope and wait for the workers"))
    .addOption(
      new Option(
        "--scope <scope>",
        "public, personal (every account's store), all, or one account's username",
      ).default("all"),
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
    .option(
      "--reset-upstream",
      "with --once: re-point a database that mirrors another upstream to VSS_API_URL (asks first on a terminal)",
    )
    .action(async (flags: SyncFlags, command: Command) => {
      if (!flags.once && !flags.viaQueue) {
        command.error("error: sync needs --once or --via-queue", { exitCode: EXIT.usage });
      }
      if (flags.once) {
        const { runSyncOnce } = await import("./actions/sync-once.js");
        exitCode = await runSyncOnce(context, flags);
      } else {
        const { runSyncViaQueue } = await import("./actions/sync-via-queue.js");
        exitCode = await runSyncViaQueue(context, flags);
      }
    });

  program
    .command("mirror")
    .description(
      "Mirror the catalogue and report what changed; with no configuration, into PGlite from the built-in simulator.",
    )
    .option("--wait", WAIT_HELP)
    .option(
      "--reset-upstream",
      "re-point a database that mirrors another VSS API to VSS_API_URL (asks first on a terminal)",
    )
    .action(async (flags: { wait?: boolean; resetUpstream?: boolean }) => {
      const { mirrorCommand } = await import("./commands/mirror.js");
      exitCode = await mirrorCommand(context, flags);
    });

  program
    .command("status")
    .description("Show the last sync runs of each scope.")
    .option("--json", "print the runs as JSON")
    .addOption(new Option("--limit <n>", "runs shown per scope").argParser(parsePositiveInt).default(5))
    .option("--wait", WAIT_HELP)
    .action(async (flags: { json?: boolean; limit: number; wait?: boolean }) => {
      const { runStatus } = await import("./actions/status.js");
      exitCode = await runStatus(context, {
        limit: flags.limit,
        json: flags.json ?? false,
        wait: flags.wait ?? false,
      });
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
    .option("--wait", WAIT_HELP)
    .action(async (name: string, flags: ReportCommandOptions & { wait?: boolean }) => {
      const report = REPORTS.find((r) => r.name === name);
      if (!report) throw new Error(`unknown report ${name}`); // commander's choices() already refused it
      const { runReport } = await import("./actions/report.js");
      exitCode = await runReport(context, report, flags);
    });

  program
    .command("remove-scope")
    .description(
      "Delete every item, history row and sync run of one scope (public or a username); its next sync starts afresh.",
    )
    .argument("<scope>", "public, or the username of a personal store")
    .option("--yes", "do not ask first (required when not on a terminal)")
    .action(async (scope: string, flags: { yes?: boolean }) => {
      const { runRemoveScope } = await import("./actions/remove-scope.js");
      exitCode = await runRemoveScope(context, scope, flags);
    });

  program
    .command("prune-history")
    .description("Delete the change history (vss.iso_image_changes) recorded longer ago than a duration.")
    .requiredOption("--older-than <duration>", 'e.g. 90d, 12h, 2w, "6 months"')
    .action(async (flags: { olderThan: string }) => {
      const { runPruneHistory } = await import("./actions/prune-history.js");
      exitCode = await runPruneHistory(context, flags.olderThan);
    });

  program
    .command("serve-sql")
    .description(
      "Serve the embedded database (the data folder) over the PostgreSQL protocol, for psql and BI tools.",
    )
    .option("--host <host>", "address to listen on (the socket has no password)", "127.0.0.1")
    .addOption(new Option("--port <port>", "port (0: any free one)").argParser(parsePort).default(5433))
    .option("--wait", WAIT_HELP)
    .action(async (flags: { host: string; port: number; wait?: boolean }) => {
      const { serveSqlCommand } = await import("./commands/serve-sql.js");
      exitCode = await serveSqlCommand(context, flags);
    });

  program
    .command("serve")
    .description(
      "Run the whole service in one process: scheduled syncs inline, the cache API, optionally the SQL socket (no Redis).",
    )
    .addOption(
      new Option(
        "--sql-port <port>",
        "also serve the data folder over SQL on this port (0: any free one)",
      ).argParser(parsePort),
    )
    .option("--sql-host <host>", "address of the SQL socket", "127.0.0.1")
    .option("--wait", WAIT_HELP)
    .action(async (flags: { sqlPort?: number; sqlHost: string; wait?: boolean }) => {
      const { serveCommand } = await import("./commands/serve.js");
      exitCode = await serveCommand(context, flags);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    // commander has already printed its message (help, version, unknown command or option).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    // An action failed: only now is the config package worth importing (--help never gets here).
    const { ConfigError } = await import("@vss-mirror/config");
    if (error instanceof ConfigError) {
      println(io.stderr, error.message);
      return EXIT.usage;
    }
    // The database unreachable or refusing us: say why in words an operator can act on, not as the
    // statement that happened to fail first ("Failed query: select ...").
    const { databaseProblem } = await import("@vss-mirror/db/database-problem");
    println(io.stderr, `vss-mirror: ${databaseProblem(error) ?? oneLine(error)}`);
    return EXIT.failed;
  }
}
