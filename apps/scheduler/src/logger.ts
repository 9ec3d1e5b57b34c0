import { type LogLevel, logRedaction } from "@vss-mirror/config";
import { type DestinationStream, type Logger, pino } from "pino";

/**
 * JSON lines on stdout (or `destination`: tests capture them); `app` names the process in every line.
 * Secrets are redacted at any depth as a safety net (see logRedaction).
 */
export function createLogger(level: LogLevel, app: string, destination?: DestinationStream): Logger {
  const options = { level, base: { app }, redact: logRedaction() };
  return destination === undefined ? pino(options) : pino(options, destination);
}
