// Upstream dates are Toronto local time with a zone abbreviation, in two observed forms:
//   "2017-11-17 13:43:11 EST"        (documented)
//   "2024-07-02 Tue 09:15:00 EDT"    (newer output, with the weekday)
// The abbreviation fixes the offset (EST = UTC-5, EDT = UTC-4), which also settles the repeated hour when
// clocks fall back (01:30 EDT and 01:30 EST are an hour apart), so no time zone database is needed to parse.

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FORMAT = '"YYYY-MM-DD [Ddd ]HH:MM:SS EST|EDT"';

// A sync parses two dates per item, hundreds of thousands a run: this reads the fixed layout by
// character code, with no regular expression, array or intermediate Date.

/** The number of `length` ASCII digits at `at`, or -1. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Parses an upstream date to the exact UTC instant; throws a RangeError saying why on anything else. */
export function parseVssDate(text: string): Date {
  // "YYYY-MM-DD HH:MM:SS EST" is 23 characters; the weekday form inserts "Ddd " after the date.
  const withWeekday = text.length === 27;
  const time = withWeekday ? 15 : 11;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, time, 2);
  const minute = digits(text, time + 3, 2);
  const second = digits(text, time + 6, 2);
  const zone = text.slice(time + 9);
  const weekday = withWeekday ? text.slice(11, 14) : undefined;
  const shaped =
    (text.length === 23 || withWeekday) &&
    year >= 0 &&
    month >= 0 &&
    day >= 0 &&
    hour >= 0 &&
    minute >= 0 &&
    second >= 0 &&
    text[4] === "-" &&
    text[7] === "-" &&
    text[10] === " " &&
    text[time + 2] === ":" &&
    text[time + 5] === ":" &&
    text[time + 8] === " " &&
    (zone === "EST" || zone === "EDT") &&
    (weekday === undefined || (/^[A-Z][a-z]{2}$/.test(weekday) && text[14] === " "));
  if (!shaped) throw new RangeError(`not a VSS date (${FORMAT}): ${JSON.stringify(text)}`);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  // Date.UTC would roll 2024-02-30 over to March; reject instead of guessing.
  // Date.UTC also reads years 0-99 as 1900-1999.
  const calendar = monthDays !== undefined && year >= 100 && day >= 1 && day <= monthDays;
  if (!calendar || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`not a valid calendar date/time: ${JSON.stringify(text)}`);
  }
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // 1970-01-01 was a Thursday.
  if (weekday !== undefined && WEEKDAYS[((Math.floor(localAsUtc / 86_400_000) % 7) + 11) % 7] !== weekday) {
    throw new RangeError(`weekday ${weekday} does not match the date: ${JSON.stringify(text)}`);
  }
  // The abbreviation fixes the offset: EST = UTC-5, EDT = UTC-4.
  return new Date(localAsUtc + (zone === "EST" ? 5 : 4) * 3_600_000);
}

// Made on first use: building an ICU formatter costs milliseconds of every process start, and only
// filters by date need one.
let torontoFormat: Intl.DateTimeFormat | undefined;
const torontoOptions: Intl.DateTimeFormatOptions = {
  timeZone: "America/Toronto",
  timeZoneName: "short",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
};

/**
 * Formats an instant in the documented wire form `YYYY-MM-DD HH:MM:SS EST|EDT` (Toronto local time), for
 * filter values. Sub-second precision is dropped (truncated): the wire has whole seconds only.
 */
export function formatVssDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("cannot format an invalid Date");
  const parts: Record<string, string> = {};
  torontoFormat ??= new Intl.DateTimeFormat("en-US", torontoOptions);
  for (const part of torontoFormat.formatToParts(date)) parts[part.type] = part.value;
  const zone = parts.timeZoneName;
  if (zone !== "EST" && zone !== "EDT") {
    // Only happens if the runtime lacks full ICU time zone names.
    throw new RangeError(`runtime gave zone name ${JSON.stringify(zone)} for America/Toronto`);
  }
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`;
}
