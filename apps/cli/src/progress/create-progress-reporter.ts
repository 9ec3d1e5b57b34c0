import type { SyncProgress } from "@vss-mirror/sync";
import { formatProgressLine } from "./format-progress-line.js";
import { type ProgressRate, progressRate } from "./progress-rate.js";

export interface ProgressReporterOptions {
  /** Where progress goes: stderr, so that stdout carries only the command's results. */
  stream: { write(text: string): unknown };
  /** JSON lines whatever the stream is (the `--json` flag, for scripts). Default false. */
  json?: boolean;
  /** The stream is a terminal: one line per scope, rewritten in place. Default false (JSON lines). */
  isTTY?: boolean;
  /** Least time between two updates of one scope, in ms. Default 100 (at most 10 a second). */
  intervalMs?: number;
  /** Clock in ms; tests pass a fake one. Default `performance.now`. */
  now?: () => number;
}

export interface ProgressReporter {
  /** Pass as runSync's `onProgress`. */
  onProgress(progress: SyncProgress): void;
  /** Writes every update held back by the throttle and ends the terminal line. Call when the runs end. */
  done(): void;
}

/** One object per update in JSON mode; absent values are null so every line has the same keys. */
export interface ProgressEvent {
  event: "progress";
  scope: string;
  pagesDone: number;
  pages: number | null;
  itemsDone: number;
  total: number | null;
  itemsPerSecond: number | null;
  etaSeconds: number | null;
}

interface ScopeState {
  /** The rate is measured from the scope's first event, so a personal store's upstream sync wait or
   * the previous scope's commit never counts as time spent listing. */
  startedAt: number;
  startItems: number;
  lastWrittenAt: number;
  pending: SyncProgress | undefined;
}

/**
 * Progress of sync runs, throttled per scope: on a terminal a line per scope updated in place with `\r`
 * and finished with a newline; otherwise (or with `json`) one JSON line per update. The update that
 * completes a scope (every page done) is never held back, so the last line of a successful scope always
 * shows `pagesDone === pages`. No timers: nothing here keeps the process alive.
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const { stream } = options;
  const terminal = options.isTTY === true && options.json !== true;
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const scopes = new Map<string, ScopeState>();
  // The scope whose terminal line is open (written without its newline yet).
  let openLine: string | undefined;

  const write = (progress: SyncProgress, state: ScopeState, at: number) => {
    state.pending = undefined;
    state.lastWrittenAt = at;
    const rate = progressRate(
      progress.itemsDone - state.startItems,
      at - state.startedAt,
      progress.total === undefined ? undefined : progress.total - progress.itemsDone,
    );
    if (!terminal) {
      stream.write(`${JSON.stringify(progressEvent(progress, rate))}\n`);
      return;
    }
    // Scopes usually run one after another; should they interleave, each switch starts a new line.
    if (openLine !== undefined && openLine !== progress.scope) stream.write("\n");
    openLine = progress.scope;
    // `\x1b[K` erases what a longer previous rendering left to the right of the cursor.
    stream.write(`\r${formatProgressLine(progress, rate)}\x1b[K`);
  };

  return {
    onProgress(progress) {
      const at = now();
      let state = scopes.get(progress.scope);
      if (!state) {
        state = {
          startedAt: at,
          startItems: progress.itemsDone,
          lastWrittenAt: -Infinity,
          pending: undefined,
        };
        scopes.set(progress.scope, state);
      }
      // A terminal shows one scope at a time: flush the previous scope's last state before leaving it.
      if (terminal && openLine !== undefined && openLine !== progress.scope) flushScope(openLine, at);
      const complete = progress.pages !== undefined && progress.pagesDone >= progress.pages;
      if (complete || at - state.lastWrittenAt >= intervalMs) write(progress, state, at);
      else state.pending = progress;
    },
    done() {
      const at = now();
      for (const scope of scopes.keys()) flushScope(scope, at);
      if (openLine !== undefined) stream.write("\n");
      openLine = undefined;
      scopes.clear();
    },
  };

  function flushScope(scope: string, at: number): void {
    const state = scopes.get(scope);
    if (state?.pending) write(state.pending, state, at);
  }
}

function progressEvent(progress: SyncProgress, rate: ProgressRate): ProgressEvent {
  return {
    event: "progress",
    scope: progress.scope,
    pagesDone: progress.pagesDone,
    pages: progress.pages ?? null,
    itemsDone: progress.itemsDone,
    total: progress.total ?? null,
    itemsPerSecond: rate.itemsPerSecond === null ? null : Math.round(rate.itemsPerSecond),
    etaSeconds: rate.etaSeconds,
  };
}
