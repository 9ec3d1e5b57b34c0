import type { LogLevel } from "@vss-mirror/config";
import { type Logger, pino } from "pino";

/** JSON lines on stdout; `app` names the process in every line. */
export function createLogger(level: LogLevel, app: string): Logger {
  return pino({ level, base: { app } });
}
