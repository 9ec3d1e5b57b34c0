// Filter values for date fields, read as the simulator reads them (packages/simulator/src/toronto-date.ts,
// parseDateValue): the wire format with or without weekday (the abbreviation decides the offset), or ISO
// 8601, a zone-less date-time being UTC. Kept identical so that one filter selects the same items here and
// upstream.

const WIRE_DATE =
  /^(\d{4})-(\d{2})-(\d{2}) (?:(Sun|Mon|Tue|Wed|Thu|Fri|Sat) )?(\d{2}):(\d{2}):(\d{2}) (EST|EDT)$/;
// ISO 8601 with a date and optionally a time and zone; Date.parse alone accepts too much free text.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch ms of a filter value for a date field, or NaN when it is neither format. */
export function parseDateValue(value: string): number {
  const m = WIRE_DATE.exec(value);
  if (m) {
    const offsetHours = m[8] === "EDT" ? 4 : 5;
    return Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[5]) + offsetHours,
      Number(m[6]),
      Number(m[7]),
    );
  }
  if (!ISO_DATE.test(value)) return Number.NaN;
  const hasTime = value.length > 10;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value.slice(10));
  const iso = value.replace(" ", "T");
  return Date.parse(hasTime && !hasZone ? `${iso}Z` : iso);
}
