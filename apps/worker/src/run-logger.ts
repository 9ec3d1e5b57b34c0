// The engine names the run (runId) once it is recorded; the client's request and retry lines cannot know
// it. Binding runId on the job's child logger the first time the engine names it puts it on every later
// line of the attempt, the client's included, so a run's lines can be found by either id.
import type { SyncLogger } from "@vss-mirror/sync";
import type { Logger } from "pino";

/** A SyncLogger for runSync over `logger` (shared with the attempt's VssClient) that binds runId on it. */
export function bindingRunId(logger: Logger): SyncLogger {
  let bound: unknown;
  const forward =
    (level: "debug" | "info" | "warn" | "error") =>
    (obj: object, msg?: string): void => {
      const { runId, ...rest } = obj as { runId?: unknown };
      if (runId !== undefined && bound === undefined) {
        logger.setBindings({ runId });
        bound = runId;
      }
      // Once bound, runId comes from the bindings; repeating it would print the key twice.
      logger[level](runId !== undefined && runId === bound ? rest : obj, msg);
    };
  return { debug: forward("debug"), info: forward("info"), warn: forward("warn"), error: forward("error") };
}
