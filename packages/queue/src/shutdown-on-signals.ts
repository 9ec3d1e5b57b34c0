// Graceful, then forceful shutdown for the long-running apps (worker, scheduler), as graphile/worker's
// main does: the first SIGTERM/SIGINT starts a graceful stop; a second signal, or the graceful stop
// outlasting `timeoutMs`, forces it. Exit code 0 after a graceful stop, 1 after a forced one.

/** pino-compatible subset. */
interface ShutdownLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ShutdownOptions {
  logger: ShutdownLogger;
  /** Stops taking work, waits for work in progress, closes connections. */
  graceful: () => Promise<void>;
  /** Gives up on work in progress and closes connections. */
  forceful: () => Promise<void>;
  /** Longest wait for `graceful` before forcing. Default: 30_000 (under Kubernetes' default 30 s grace, with `forceful` inside it too: keep it lower there). */
  timeoutMs?: number;
  /** Process exit. Default: process.exit (tests pass their own). */
  exit?: (code: number) => void;
}

/** Installs SIGTERM and SIGINT handlers; returns a function that removes them. */
export function shutdownOnSignals(options: ShutdownOptions): () => void {
  const { logger, timeoutMs = 30_000, exit = (code: number) => process.exit(code) } = options;
  let forcing = false;
  let stopping = false;

  const force = (reason: string) => {
    if (forcing) return;
    forcing = true;
    logger.error({ reason }, "forcing shutdown");
    // If even the forced stop hangs (a dependency that never answers), exit anyway.
    const last = setTimeout(() => exit(1), 5_000);
    last.unref();
    options.forceful().then(
      () => exit(1),
      (error: unknown) => {
        logger.error({ err: error }, "forced shutdown failed");
        exit(1);
      },
    );
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      force(`second signal (${signal})`);
      return;
    }
    stopping = true;
    logger.info({ signal, timeoutMs }, "shutting down: finishing work in progress (send again to force)");
    const timer = setTimeout(() => force(`graceful shutdown took longer than ${timeoutMs} ms`), timeoutMs);
    timer.unref();
    options.graceful().then(
      () => {
        clearTimeout(timer);
        if (forcing) return;
        logger.info({}, "shut down gracefully");
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.error({ err: error }, "graceful shutdown failed");
        force("graceful shutdown failed");
      },
    );
  };

  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
}
