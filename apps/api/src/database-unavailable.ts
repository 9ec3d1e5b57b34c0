// Tells "the database cannot be reached right now" (a 503: retry later, nothing is wrong with the
// request or the API) from a genuine failure (a 500: a bug to fix). node-postgres gives a lost server
// no error class of its own, so this is decided here, once, from what the driver does give:
// - SQLSTATE codes the server sends as it goes away or refuses sessions
//   (https://www.postgresql.org/docs/current/errcodes-appendix.html): class 08 (connection exception),
//   57P01-57P03 (terminated by an administrator, crash, cannot connect now: a restart) and 53300
//   (too many connections);
// - Node's socket errors while connecting or talking to it (refused, reset, unreachable, timed out);
// - the few errors pg raises itself when the socket closes under a client (lib/client.js). They carry
//   no code, so their fixed messages are matched: the one place this project reads an error's text.
import { ApiError } from "./api-error.js";

/** Seconds a client should wait before retrying a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

const DRIVER_MESSAGES = new Set([
  "Connection terminated",
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "Client has encountered a connection error and is not queryable",
  "timeout expired",
]);

function lostConnection(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (code.startsWith("08") || SQLSTATES.has(code) || SOCKET_CODES.has(code)))
    return true;
  // Several addresses tried at once (localhost as ::1 and 127.0.0.1) fail as one AggregateError.
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.every((inner) => inner instanceof Error && lostConnection(inner));
  return code === undefined && DRIVER_MESSAGES.has(error.message);
}

/** Whether `error`, or an error it was caused by, says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // A bounded walk: `cause` chains are short, and a cycle must not hang a request.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (lostConnection(current)) return true;
    current = current.cause;
  }
  return false;
}

/** The 503 for a request the database could not serve; says nothing of the cause (the log has it). */
export function databaseUnavailable(cause: unknown): ApiError {
  return new ApiError(
    503,
    "ServiceUnavailable: the mirror's database is unreachable; retry shortly",
    { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    { cause },
  );
}
