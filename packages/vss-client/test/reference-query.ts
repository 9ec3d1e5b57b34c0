// Reference evaluation of filters and sorts over the simulator's items, written independently of both
// the client and the simulator, to check what the simulator returns for the client's query strings.
import type { SimIso } from "@vss-mirror/simulator";
import { parseVssDate } from "../src/index.js";

export type Op = "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "like" | "in";
export interface RefClause {
  field: string;
  op: Op;
  value: string | number | boolean | Date | (string | number | boolean)[];
}

const DATE_FIELDS = new Set(["created_on", "updated_on"]);

function key(item: SimIso, field: string): number | string | boolean {
  const value = item[field];
  if (DATE_FIELDS.has(field)) return parseVssDate(String(value)).getTime();
  return value as number | string | boolean;
}

function compare(a: number | string | boolean, b: number | string | boolean): number {
  if (typeof a !== typeof b) throw new TypeError(`reference: comparing ${typeof a} with ${typeof b}`);
  if (typeof a === "string" && typeof b === "string") return Buffer.compare(Buffer.from(a), Buffer.from(b));
  const x = typeof a === "boolean" ? Number(a) : (a as number);
  const y = typeof b === "boolean" ? Number(b) : (b as number);
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeMatches(text: string, pattern: string): boolean {
  let source = "";
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length)
      source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (ch === "%") source += "[\\s\\S]*";
    else if (ch === "_") source += "[\\s\\S]";
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "u").test(text);
}

// A date filter value may be a Date (sent in wire form) or wire text; compare both as instants.
const asKey = (field: string, v: string | number | boolean | Date) =>
  v instanceof Date ? v.getTime() : DATE_FIELDS.has(field) ? parseVssDate(String(v)).getTime() : v;

export function matches(item: SimIso, clause: RefClause): boolean {
  const actual = key(item, clause.field);
  const { op, value } = clause;
  if (op === "like") return likeMatches(String(actual), String(value));
  if (op === "in") {
    return (value as (string | number | boolean)[]).some(
      (v) => compare(actual, asKey(clause.field, v)) === 0,
    );
  }
  const c = compare(actual, asKey(clause.field, value as string | number | boolean | Date));
  return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[op];
}

export function referenceQuery(
  items: SimIso[],
  clauses: RefClause[],
  sortKeys: [string, "asc" | "desc"][] = [],
): number[] {
  const keys: [string, "asc" | "desc"][] = [...sortKeys, ["id", "asc"]];
  return items
    .filter((item) => clauses.every((clause) => matches(item, clause)))
    .sort((a, b) => {
      for (const [field, dir] of keys) {
        const c = compare(key(a, field), key(b, field));
        if (c !== 0) return dir === "asc" ? c : -c;
      }
      return 0;
    })
    .map((item) => item.id);
}
