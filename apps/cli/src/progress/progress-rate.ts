/** Speed and remaining time of one scope's walk; null where there is not enough to say yet. */
export interface ProgressRate {
  /** Items stored per second over the measured window; null before any time or item has passed. */
  itemsPerSecond: number | null;
  /** Seconds until the last item at that rate, rounded up; null without a rate or a known total. */
  etaSeconds: number | null;
}

/**
 * Items done over elapsed time, and the items left at that speed. A zero window (no time, or no item
 * yet) means "no rate yet", never a division by zero or an infinite ETA.
 */
export function progressRate(items: number, elapsedMs: number, itemsLeft?: number): ProgressRate {
  if (elapsedMs <= 0 || items <= 0) return { itemsPerSecond: null, etaSeconds: null };
  const itemsPerSecond = items / (elapsedMs / 1_000);
  const etaSeconds = itemsLeft === undefined ? null : Math.ceil(Math.max(0, itemsLeft) / itemsPerSecond);
  return { itemsPerSecond, etaSeconds };
}
