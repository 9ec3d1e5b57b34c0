import type { SyncProgress } from "@vss-mirror/sync";
import type { ProgressRate } from "./progress-rate.js";

const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `6s`, `1m05s`, `2h03m`: an ETA needs no more precision than that. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3_600)}h${String(Math.floor((s % 3_600) / 60)).padStart(2, "0")}m`;
}

/**
 * The terminal line of one scope:
 * `public  120/400 pages  30,000/100,000 items  12,345 items/s  ETA 6s`. An unknown page count or total
 * (before the first page arrives) shows as `?`; rate and ETA are left out until there is a rate.
 */
export function formatProgressLine(progress: SyncProgress, rate: ProgressRate): string {
  const of = (done: number, all: number | undefined) =>
    `${count.format(done)}/${all === undefined ? "?" : count.format(all)}`;
  const parts = [
    progress.scope,
    `${of(progress.pagesDone, progress.pages)} pages`,
    `${of(progress.itemsDone, progress.total)} items`,
  ];
  if (rate.itemsPerSecond !== null) parts.push(`${count.format(rate.itemsPerSecond)} items/s`);
  if (rate.etaSeconds !== null) parts.push(`ETA ${formatEta(rate.etaSeconds)}`);
  return parts.join("  ");
}
