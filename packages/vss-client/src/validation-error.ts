import { VssError } from "./errors.js";

/** One problem found in an item: the field (dotted path) and what is wrong with it. */
export interface VssValidationIssue {
  field: string;
  message: string;
}

/**
 * An item in an otherwise well-formed answer does not match the documented item shape (missing or mistyped
 * field, unparseable date). Names the item by `id` when it has a usable one, else by its index on the page.
 */
export class VssValidationError extends VssError {
  constructor(
    readonly itemId: number | undefined,
    readonly itemIndex: number | undefined,
    readonly issues: VssValidationIssue[],
    options?: { cause?: unknown },
  ) {
    const who = itemId !== undefined ? `item id ${itemId}` : `item at index ${itemIndex ?? "?"}`;
    const what = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
    super(`Invalid ISO ${who}: ${what}`, options);
  }
}
