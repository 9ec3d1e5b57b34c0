import { type LogLevel, logRedaction } from "@vss-mirror/config";
import { type DestinationStream, type Logger, pino } from "pino";

/**
 * JSON lines on stdout (or `destination`: tests capture them), as the worker logs. The Authorization
 * header is never logged (fastify's request serializer leaves headers out); redaction is the safety net.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: { app: "api" }, redact: logRedaction() };
  return destination === undefined ? pino(options) : pino(options, destination);
}
