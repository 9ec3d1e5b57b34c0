import type { LogLevel } from "@vss-mirror/config";
import type { Env } from "./env.js";

/**
 * The CLI's log level: LOG_LEVEL when set; otherwise, on a terminal, warnings and errors only, so that
 * info lines never break into the progress line or the command's own output (a pipe or a log file
 * still gets the configured level, info by default).
 */
export function cliLogLevel(env: Env, configured: LogLevel, stderrIsTTY: boolean): LogLevel {
  if (env.LOG_LEVEL !== undefined) return configured;
  return stderrIsTTY && levelValue(configured) < levelValue("warn") ? "warn" : configured;
}

const ORDER: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

function levelValue(level: LogLevel): number {
  return ORDER.indexOf(level);
}
