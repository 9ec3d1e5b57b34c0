// Upstream dates are Toronto local time with a zone abbreviation, in two observed forms:
//   "2017-11-17 13:43:11 EST"        (documented)
//   "2024-07-02 Tue 09:15:00 EDT"    (newer output, with the weekday)
// The abbreviation fixes the offset (EST = UTC-5, EDT = UTC-4), which also settles the repeated hour when
// clocks fall back (01:30 EDT and 01:30 EST are an hour apart), so no time zone database is needed to parse.

const OFFSET_HOURS = { EST: -5, EDT: -4 } as const;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (?:([A-Z][a-z]{2}) )?(\d{2}):(\d{2}):(\d{2}) (EST|EDT)$/;

/** Parses an upstream date to the exact UTC instant; throws a RangeError saying why on anything else. */
export function parseVssDate(text: string): Date {
  const m = PATTERN.exec(text);
  if (!m) {
    throw new RangeError(`not a VSS date ("YYYY-MM-DD [Ddd ]HH:MM:SS EST|EDT"): ${JSON.stringify(text)}`);
  }
  const [, y, mo, d, weekday, h, mi, s, zone] = m;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(localAsUtc);
  // Date.UTC rolls 2024-02-30 over to March; reject instead of guessing.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new RangeError(`not a valid calendar date/time: ${JSON.stringify(text)}`);
  }
  if (weekday !== undefined && WEEKDAYS[check.getUTCDay()] !== weekday) {
    throw new RangeError(`weekday ${weekday} does not match the date: ${JSON.stringify(text)}`);
  }
  const offset = OFFSET_HOURS[zone as keyof typeof OFFSET_HOURS];
  return new Date(localAsUtc - offset * 3_600_000);
}

const torontoFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/Toronto",
  timeZoneName: "short",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/**
 * Formats an instant in the documented wire form `YYYY-MM-DD HH:MM:SS EST|EDT` (Toronto local time), for
 * filter values. Sub-second precision is dropped (truncated): the wire has whole seconds only.
 */
export function formatVssDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("cannot format an invalid Date");
  const parts: Record<string, string> = {};
  for (const part of torontoFormat.formatToParts(date)) parts[part.type] = part.value;
  const zone = parts.timeZoneName;
  if (zone !== "EST" && zone !== "EDT") {
    // Only happens if the runtime lacks full ICU time zone names.
    throw new RangeError(`runtime gave zone name ${JSON.stringify(zone)} for America/Toronto`);
  }
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`;
}
