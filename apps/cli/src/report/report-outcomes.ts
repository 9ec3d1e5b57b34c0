import { EXIT, type ExitCode } from "../exit-code.js";
import { type CliIo, println } from "../io.js";
import type { ScopeOutcome } from "./scope-outcome.js";
import { summaryLine } from "./summary-line.js";

/**
 * Prints a `sync` command's outcomes: a summary line per succeeded scope on stdout (or one JSON
 * document with `json`), and `sync failed for scope X: reason` per failed scope on stderr either way.
 * Exit 0 only when every scope succeeded.
 */
export function reportOutcomes(outcomes: ScopeOutcome[], io: CliIo, json: boolean): ExitCode {
  if (json) {
    const scopes = outcomes.map((outcome) =>
      outcome.ok
        ? outcome.result
        : { scope: outcome.scope, status: "failed", error: outcome.error, jobId: outcome.jobId },
    );
    println(io.stdout, JSON.stringify({ ok: outcomes.every((o) => o.ok), scopes }, null, 2));
  }
  for (const outcome of outcomes) {
    if (outcome.ok) {
      if (!json) println(io.stdout, summaryLine(outcome.result));
    } else {
      println(io.stderr, `sync failed for scope ${outcome.scope}: ${outcome.error}`);
    }
  }
  return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.failed;
}
