import { IncompleteListingError } from "../errors.js";

/** The upstream answered the first keyset request with a 400: it cannot filter or sort by id. */
export class KeysetRefusedError extends Error {
  override name = "KeysetRefusedError";
}

/**
 * A keyset answer broke the walk's invariants (an id outside the range asked for, ids not strictly
 * increasing, more items than a page holds): the walk cannot prove it saw every item, so the run fails.
 */
export class KeysetAnswerError extends IncompleteListingError {
  override name = "KeysetAnswerError";
}
