// Toronto wall-clock dates as the VSS API writes them: `YYYY-MM-DD HH:MM:SS EST|EDT`, or with a weekday
// (`YYYY-MM-DD Ddd HH:MM:SS EDT`) in newer output (docs/upstream-api.md, "An ISO image").
// The zone offset comes from Intl (the platform's tz database), never a hand-written DST rule; it is
// cached per UTC day because formatting 500,000 items through Intl one by one takes seconds.

const offsetFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Toronto",
  timeZoneName: "shortOffset",
});
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** UTC offset of Toronto at `epochMs`, in minutes (-300 for EST, -240 for EDT). */
function intlOffsetMinutes(epochMs: number): number {
  const zone = offsetFormat.formatToParts(epochMs).find((p) => p.type === "timeZoneName")?.value ?? "";
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(zone);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

// Per UTC day: one offset when it does not change that day, else per-hour offsets (transitions are on
// the hour in Toronto).
const dayCache = new Map<number, number | number[]>();

function offsetMinutes(epochMs: number): number {
  const day = Math.floor(epochMs / DAY_MS);
  let cached = dayCache.get(day);
  if (cached === undefined) {
    const start = intlOffsetMinutes(day * DAY_MS);
    const end = intlOffsetMinutes(day * DAY_MS + DAY_MS - 1);
    cached =
      start === end
        ? start
        : Array.from({ length: 24 }, (_, h) => intlOffsetMinutes(day * DAY_MS + h * HOUR_MS));
    dayCache.set(day, cached);
  }
  if (typeof cached === "number") return cached;
  return cached[Math.floor((epochMs - day * DAY_MS) / HOUR_MS)] ?? 0;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** Formats an instant as Toronto local time; `withWeekday` selects the newer wire format. */
export function formatTorontoDate(epochMs: number, withWeekday = false): string {
  const offset = offsetMinutes(epochMs);
  const local = new Date(epochMs + offset * 60_000);
  const abbreviation = offset === -240 ? "EDT" : "EST";
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const weekday = withWeekday ? ` ${WEEKDAYS[local.getUTCDay()] ?? ""}` : "";
  return `${date}${weekday} ${time} ${abbreviation}`;
}

const WIRE_DATE =
  /^(\d{4})-(\d{2})-(\d{2}) (?:(Sun|Mon|Tue|Wed|Thu|Fri|Sat) )?(\d{2}):(\d{2}):(\d{2}) (EST|EDT)$/;
// ISO 8601 with a date and optionally a time and zone; Date.parse alone accepts too much free text.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses a wire date (either format; the abbreviation decides the offset) to epoch ms, or NaN. */
export function parseWireDate(value: string): number {
  const m = WIRE_DATE.exec(value);
  if (!m) return Number.NaN;
  const offsetHours = m[8] === "EDT" ? 4 : 5;
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[5]) + offsetHours,
    Number(m[6]),
    Number(m[7]),
  );
  return ms;
}

/** Parses a filter value for a date field: wire format or ISO 8601. NaN when neither. */
export function parseDateValue(value: string): number {
  const wire = parseWireDate(value);
  if (!Number.isNaN(wire)) return wire;
  if (!ISO_DATE.test(value)) return Number.NaN;
  // A date-time without a zone would be machine-local time for Date.parse; take it as UTC instead.
  const hasTime = value.length > 10;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value.slice(10));
  const iso = value.replace(" ", "T");
  return Date.parse(hasTime && !hasZone ? `${iso}Z` : iso);
}
