// An independent, deliberately naive evaluator of the filter/sort language, written from the contract
// text (not from the simulator's code) so the list tests compare two separate readings of it.
import type { SimIso } from "../src/index.js";

/** Wire date -> epoch ms: swap the abbreviation for its offset and let Date parse ISO 8601. */
export function refInstant(value: string): number {
  const parts = value.split(" ");
  const zone = parts[parts.length - 1] === "EDT" ? "-04:00" : "-05:00";
  const time = parts[parts.length - 2];
  return Date.parse(`${parts[0]}T${time}${zone}`);
}

/** LIKE by backtracking over characters, no regular expressions. */
export function refLike(text: string, pattern: string): boolean {
  const tokens: { any?: true; one?: true; ch?: string }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) tokens.push({ ch: pattern[++i]! });
    else if (c === "%") tokens.push({ any: true });
    else if (c === "_") tokens.push({ one: true });
    else tokens.push({ ch: c });
  }
  const match = (t: number, s: number): boolean => {
    if (t === tokens.length) return s === text.length;
    const token = tokens[t]!;
    if (token.any) {
      for (let k = s; k <= text.length; k++) if (match(t + 1, k)) return true;
      return false;
    }
    if (s >= text.length) return false;
    return (token.one === true || token.ch === text[s]) && match(t + 1, s + 1);
  };
  return match(0, 0);
}

type Key = number | string;

function key(item: SimIso, field: string): Key {
  const value = item[field];
  if (field === "created_on" || field === "updated_on") return refInstant(String(value));
  if (typeof value === "boolean") return value ? 1 : 0;
  return value as Key;
}

function target(field: string, raw: string): Key {
  if (field === "id") return Number(raw);
  if (field === "public") return raw === "true" || raw === "1" ? 1 : 0;
  if (field === "created_on" || field === "updated_on") {
    return /E[SD]T$/.test(raw) ? refInstant(raw) : Date.parse(raw);
  }
  return raw;
}

export function refFilter(items: SimIso[], filter: string): SimIso[] {
  return items.filter((item) =>
    filter.split(";").every((clause) => {
      const [field = "", op = "", ...rest] = clause.split(",");
      if (op === "like") return refLike(String(item[field]), rest.join(","));
      if (op === "in") return rest.some((v) => key(item, field) === target(field, v));
      const a = key(item, field);
      const b = target(field, rest.join(","));
      const cmp = a < b ? -1 : a > b ? 1 : 0;
      return { eq: cmp === 0, ne: cmp !== 0, lt: cmp < 0, le: cmp <= 0, gt: cmp > 0, ge: cmp >= 0 }[op];
    }),
  );
}

export function refSort(items: SimIso[], sort: string): SimIso[] {
  const keys = sort.split(";").map((s) => s.split(",") as [string, string]);
  return [...items].sort((x, y) => {
    for (const [field, dir] of keys) {
      const a = key(x, field);
      const b = key(y, field);
      if (a !== b) return (a < b ? -1 : 1) * (dir === "desc" ? -1 : 1);
    }
    return x.id - y.id;
  });
}
