import type { LogLevel } from "@vss-mirror/config";
import { pino, type Logger } from "pino";

// Defence in depth: nothing is supposed to log these, but a debug log of an options object must
// never print a password or a token. https://getpino.io/#/docs/redaction
const REDACT = [
  "password",
  "otp",
  "token",
  "authorization",
  "*.password",
  "*.otp",
  "*.token",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
];

/** pino to stderr (stdout carries the command's results), synchronous so nothing is lost at exit. */
export function createLogger(level: LogLevel): Logger {
  return pino(
    { name: "vss-mirror", level, redact: { paths: REDACT, censor: "[redacted]" } },
    pino.destination({ dest: 2, sync: true }),
  );
}
