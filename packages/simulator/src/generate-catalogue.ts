// Deterministic public catalogue: the same (count, seed) always gives byte-identical items, and large
// counts (500,000) take about a second. Ids are 1..count; dates rise with the id like real uploads do.
import { CATALOGUE_TEMPLATES } from "./catalogue-templates.js";
import { createPrng } from "./prng.js";
import { formatTorontoDate } from "./toronto-date.js";
import type { SimIso } from "./types.js";

export const PUBLIC_DATA_STORE = "vss-ISOs";

const FIRST_UPLOAD = Date.UTC(2016, 0, 4, 14, 0, 0);
const LAST_UPLOAD = Date.UTC(2025, 5, 30, 20, 0, 0);
const DAY_MS = 86_400_000;

/** Start of Toronto's repeated 1 a.m. hour on the fall-back day of `year` (first Sunday of November, 05:00 UTC). */
function fallBackStart(year: number): number {
  const firstOfNovember = new Date(Date.UTC(year, 10, 1));
  const sunday = 1 + ((7 - firstOfNovember.getUTCDay()) % 7);
  return Date.UTC(year, 10, sunday, 5, 0, 0);
}

function withRound(file: string, round: number): string {
  if (round === 0) return file;
  const dot = file.lastIndexOf(".");
  return `${file.slice(0, dot)}_r${round}${file.slice(dot)}`;
}

/** Generates `count` public ISO items from `seed`; item `i` has id `i + 1`. */
export function generateCatalogue(count: number, seed: number): SimIso[] {
  const rng = createPrng(seed);
  const templates = [...CATALOGUE_TEMPLATES];
  for (let i = templates.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [templates[i], templates[j]] = [templates[j]!, templates[i]!];
  }
  const span = LAST_UPLOAD - FIRST_UPLOAD;
  const items: SimIso[] = new Array<SimIso>(count);
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length]!;
    const name = withRound(template.file, Math.floor(i / templates.length));
    let created = FIRST_UPLOAD + Math.floor(((i + rng()) / Math.max(count, 1)) * span);
    created -= created % 1000;
    if (i % 37 === 11) {
      // Some instants in the ambiguous fall-back hour, on both sides (EDT first, then EST).
      const year = new Date(created).getUTCFullYear();
      created = fallBackStart(year) + (i % 2) * 3_600_000 + Math.floor(rng() * 3600) * 1000;
    }
    const updated = rng() < 0.5 ? created : created + Math.floor((rng() * 90 * DAY_MS) / 1000) * 1000;
    const withWeekday = rng() < 0.4;
    const item: SimIso = {
      id: i + 1,
      name,
      path: `[${PUBLIC_DATA_STORE}] ${template.family}/${template.sub}/${name}`,
      data_store: PUBLIC_DATA_STORE,
      public: true,
      created_on: formatTorontoDate(created, withWeekday),
      updated_on: formatTorontoDate(updated, withWeekday),
    };
    // A few items carry a field the docs never mention; clients must keep it, not choke on it.
    if (i % 50 === 23)
      item.checksum = `sha256:${Math.floor(rng() * 2 ** 48)
        .toString(16)
        .padStart(12, "0")}`;
    items[i] = item;
  }
  return items;
}
