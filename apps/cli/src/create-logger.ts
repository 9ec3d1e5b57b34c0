import { type LogLevel, logRedaction } from "@vss-mirror/config";
import { pino, type Logger } from "pino";

/**
 * pino to stderr (stdout carries the command's results), synchronous so nothing is lost at exit. Secrets
 * are redacted at any depth as a safety net (see logRedaction).
 */
export function createLogger(level: LogLevel): Logger {
  return pino(
    { name: "vss-mirror", level, redact: logRedaction() },
    pino.destination({ dest: 2, sync: true }),
  );
}
