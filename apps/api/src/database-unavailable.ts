// The API's answer for a request the database could not serve: a 503 (retry later; nothing is wrong
// with the request or the API), told from a genuine failure (a 500) by @vss-mirror/db's one classifier.
import { ApiError } from "./api-error.js";

/** Seconds a client should wait before retrying a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The 503 for a request the database could not serve; says nothing of the cause (the log has it). */
export function databaseUnavailable(cause: unknown): ApiError {
  return new ApiError(
    503,
    "ServiceUnavailable: the mirror's database is unreachable; retry shortly",
    { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    { cause },
  );
}
