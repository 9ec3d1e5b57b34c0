import { IncompleteListingError } from "../errors.js";
import { KEYS_TABLE } from "./stage-columns.js";

/** unique_violation: https://www.postgresql.org/docs/current/errcodes-appendix.html */
const UNIQUE_VIOLATION = "23505";

/**
 * Rethrows a unique violation on an item id (the walk's keys, a staged batch or a first sync's new
 * partition holding it twice) as the walk's failure to list the item once, naming it; anything else
 * as it is.
 */
export function throwRepeated(error: unknown): never {
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  if (code !== UNIQUE_VIOLATION) throw error;
  const id = typeof detail === "string" ? /=\((\d+)\)/.exec(detail)?.[1] : undefined;
  throw new IncompleteListingError(
    `item ${id ?? "?"} appeared twice in one walk: the upstream listed it on two pages`,
    { cause: error },
  );
}

/** SQL: true for a mirrored row (aliased `alias`) whose id the walk did not see. */
export function notSeen(alias: string): string {
  return `not exists (select 1 from ${KEYS_TABLE} k where k.vss_id = ${alias}.vss_id)`;
}
