// A list query answered from a scope's in-memory index (catalogue-index.ts) with the same semantics as
// the SQL of compile-filters.ts and sort-sql.ts (and the simulator's): documented fields only, at most
// one sort key; anything else is left to SQL. The query was already checked by compiling its SQL, so
// every value here parses.
import { compareText, type IndexedItem, type ScopeIndex, type SortableField } from "./catalogue-index.js";
import { parseDateValue } from "./date-value.js";
import { documentedField, type DocumentedField } from "./item-fields.js";
import { likePattern } from "./like-pattern.js";
import type { FilterClause, FilterOperator, ListQuery } from "./list-query.js";

type Predicate = (item: IndexedItem) => boolean;
type Value = number | string;

const BOOLEANS: Record<string, number> = { true: 1, false: 0, "1": 1, "0": 0 };

/** The field names of item-fields.ts as IndexedItem keys (`public` is is_public there). */
const FIELDS: Record<string, SortableField> = {
  id: "id",
  name: "name",
  path: "path",
  data_store: "data_store",
  public: "public",
  created_on: "created_on",
  updated_on: "updated_on",
};

function holds(op: FilterOperator, cmp: number): boolean {
  switch (op) {
    case "ne":
      return cmp !== 0;
    case "lt":
      return cmp < 0;
    case "le":
      return cmp <= 0;
    case "gt":
      return cmp > 0;
    case "ge":
      return cmp >= 0;
    default:
      return cmp === 0;
  }
}

/**
 * Postgres LIKE (escape `\`, as likePattern rewrites it) as a test over code points. The common shapes
 * (`abc%`, `%abc%`, `%abc`, `abc`) are string searches; anything else an anchored RegExp.
 */
function likeMatcher(pattern: string): (text: string) => boolean {
  const sql = likePattern(pattern);
  let source = "";
  let literal = "";
  let wild = false;
  const parts: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "\\" && i + 1 < sql.length) {
      const next = sql[++i]!;
      source += escapeRegExp(next);
      literal += next;
    } else if (ch === "%") {
      source += "[\\s\\S]*";
      parts.push(literal);
      literal = "";
    } else if (ch === "_") {
      source += "[\\s\\S]";
      wild = true;
    } else {
      source += escapeRegExp(ch);
      literal += ch;
    }
  }
  parts.push(literal);
  if (!wild) {
    const [first = "", second = "", third = ""] = parts;
    if (parts.length === 1) return (text) => text === first;
    if (parts.length === 2 && second === "") return (text) => text.startsWith(first);
    if (parts.length === 2 && first === "") return (text) => text.endsWith(second);
    if (parts.length === 3 && first === "" && third === "") return (text) => text.includes(second);
  }
  const regExp = new RegExp(`^${source}$`, "u");
  return (text) => regExp.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
}

/** The wire text `like` matches, as compile-filters.ts's wireText. */
function wireText(key: SortableField, field: DocumentedField): (item: IndexedItem) => string {
  switch (field.kind) {
    case "number":
      return (item) => String(item.id);
    case "boolean":
      return (item) => (item.public ? "true" : "false");
    case "date":
      return key === "created_on" ? (item) => item.created_on_text : (item) => item.updated_on_text;
    default:
      return READ[key] as (item: IndexedItem) => string;
  }
}

function typed(field: DocumentedField, value: string): Value {
  switch (field.kind) {
    case "number":
      return Number(value);
    case "boolean":
      return BOOLEANS[value]!;
    case "date":
      return parseDateValue(value);
    default:
      return value;
  }
}

// Readers with a fixed property each: a lookup by a variable key costs a hash probe per item.
const READ: Record<SortableField, (item: IndexedItem) => number | string> = {
  id: (item) => item.id,
  name: (item) => item.name,
  path: (item) => item.path,
  data_store: (item) => item.data_store,
  public: (item) => item.public,
  created_on: (item) => item.created_on,
  updated_on: (item) => item.updated_on,
};

/** `value op target` for numbers, one closure per operator (a walk tests 100,000s of items). */
function numberTest(read: (item: IndexedItem) => number, op: FilterOperator, target: number): Predicate {
  switch (op) {
    case "ne":
      return (item) => read(item) !== target;
    case "lt":
      return (item) => read(item) < target;
    case "le":
      return (item) => read(item) <= target;
    case "gt":
      return (item) => read(item) > target;
    case "ge":
      return (item) => read(item) >= target;
    default:
      return (item) => read(item) === target;
  }
}

function predicate(clause: FilterClause): Predicate {
  const field = documentedField(clause.field)!;
  const key = FIELDS[clause.field]!;
  if (clause.op === "like") {
    const like = likeMatcher(clause.values[0] ?? "");
    const text = wireText(key, field);
    return (item) => like(text(item));
  }
  const targets = clause.values.map((value) => typed(field, value));
  const read = READ[key];
  if (clause.op === "in") {
    const set = new Set<Value>(targets);
    return (item) => set.has(read(item));
  }
  const target = targets[0]!;
  const { op } = clause;
  if (typeof target === "string") {
    const text = read as (item: IndexedItem) => string;
    if (op === "eq") return (item) => text(item) === target;
    if (op === "ne") return (item) => text(item) !== target;
    return (item) => holds(op, compareText(text(item), target));
  }
  return numberTest(read as (item: IndexedItem) => number, op, target);
}

/** Positions of the items an `id,eq` or `id,in` clause names, when the query has one. */
function namedIds(index: ScopeIndex, clauses: readonly FilterClause[]): number[] | undefined {
  const clause = clauses.find((c) => c.field === "id" && (c.op === "eq" || c.op === "in"));
  if (!clause) return undefined;
  const positions = new Set<number>();
  for (const value of clause.values) {
    const position = index.indexOf(Number(value));
    if (position !== undefined) positions.add(position);
  }
  return [...positions];
}

/** The literal text every match of a LIKE pattern starts with ("" when it starts with a wildcard). */
function likePrefix(pattern: string): string {
  const sql = likePattern(pattern);
  let prefix = "";
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "%" || ch === "_") break;
    if (ch === "\\" && i + 1 < sql.length) prefix += sql[++i]!;
    else prefix += ch;
  }
  return prefix;
}

/** First position in `order` whose item's value is not below the bound (`before(value)` false). */
function lowerBound(
  order: Uint32Array,
  items: readonly IndexedItem[],
  before: (item: IndexedItem) => boolean,
) {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(items[order[middle]!]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The stretch of one ascending order that holds every item a clause can match, found by binary search:
 * ranges and equality on id and dates, equality and prefix `like` on strings. Undefined when the
 * clause cannot narrow (`ne`, infix `like`, booleans).
 */
function narrow(
  index: ScopeIndex,
  clause: FilterClause,
): { order: Uint32Array; from: number; to: number } | undefined {
  const field = documentedField(clause.field)!;
  const key = FIELDS[clause.field]!;
  const items = index.items;
  const { op } = clause;
  if (field.kind === "number" || field.kind === "date") {
    if (!["eq", "lt", "le", "gt", "ge"].includes(op)) return undefined;
    const target = typed(field, clause.values[0] ?? "") as number;
    const { order } = index.order(key, false);
    const value = (item: IndexedItem) => item[key] as number;
    const below = lowerBound(order, items, (item) => value(item) < target);
    const through = lowerBound(order, items, (item) => value(item) <= target);
    if (op === "eq") return { order, from: below, to: through };
    if (op === "lt") return { order, from: 0, to: below };
    if (op === "le") return { order, from: 0, to: through };
    if (op === "gt") return { order, from: through, to: order.length };
    return { order, from: below, to: order.length };
  }
  if (field.kind !== "string") return undefined;
  const strings = key as "name" | "path" | "data_store";
  const prefix = op === "eq" ? clause.values[0]! : op === "like" ? likePrefix(clause.values[0] ?? "") : "";
  if (prefix === "") return undefined;
  const { order } = index.order(key, false);
  const from = lowerBound(order, items, (item) => compareText(item[strings], prefix) < 0);
  let to = from;
  while (to < order.length && items[order[to]!]![strings].startsWith(prefix)) to++;
  return { order, from, to };
}

/** Candidates fewer than this share of the scope are sorted into the asked order; else it is walked. */
const NARROW_SHARE = 1 / 4;

/** The page and the number of matches, or undefined when SQL must answer. */
export function queryIndex(
  index: ScopeIndex,
  query: ListQuery,
): { total: number; items: IndexedItem[] } | undefined {
  if (query.sorts.length > 1) return undefined;
  if (![...query.filters, ...query.sorts].every((clause) => documentedField(clause.field))) return undefined;
  const [sort] = query.sorts;
  const { order, rank } = index.order(sort ? FIELDS[sort.field]! : "id", sort?.descending ?? false);
  const offset = (query.page - 1) * query.perPage;
  const end = offset + query.perPage;
  const items = index.items;
  if (query.filters.length === 0) {
    const page: IndexedItem[] = [];
    for (let i = offset; i < Math.min(end, order.length); i++) page.push(items[order[i]!]!);
    return { total: order.length, items: page };
  }
  const predicates = query.filters.map(predicate);
  const [first, second] = predicates;
  const matches: Predicate =
    predicates.length === 1
      ? first!
      : predicates.length === 2
        ? (item) => first!(item) && second!(item)
        : (item) => {
            for (let i = 0; i < predicates.length; i++) if (!predicates[i]!(item)) return false;
            return true;
          };
  let candidates: (ArrayLike<number> & Iterable<number>) | undefined = namedIds(index, query.filters);
  if (!candidates) {
    // The narrowest stretch any clause allows; worth it only when it is a small part of the scope.
    // Clauses on one field (id,ge,a;id,lt,b) narrow the same order: their stretches intersect.
    const byOrder = new Map<Uint32Array, { order: Uint32Array; from: number; to: number }>();
    for (const clause of query.filters) {
      const stretch = narrow(index, clause);
      if (!stretch) continue;
      const held = byOrder.get(stretch.order);
      byOrder.set(
        stretch.order,
        held
          ? {
              order: stretch.order,
              from: Math.max(held.from, stretch.from),
              to: Math.min(held.to, stretch.to),
            }
          : stretch,
      );
    }
    let best: { order: Uint32Array; from: number; to: number } | undefined;
    for (const stretch of byOrder.values()) {
      if (stretch.to < stretch.from) stretch.to = stretch.from;
      if (!best || stretch.to - stretch.from < best.to - best.from) best = stretch;
    }
    if (best && best.to - best.from < items.length * NARROW_SHARE) {
      candidates = best.order.subarray(best.from, best.to);
    }
  }
  if (candidates) {
    // A few candidates: test those alone, then put them in the asked order by their ranks in it (a
    // numeric sort of a typed array, native and quick).
    const ranks = new Uint32Array(candidates.length);
    let total = 0;
    for (const position of candidates) if (matches(items[position]!)) ranks[total++] = rank[position]!;
    const sorted = ranks.subarray(0, total).sort();
    const page: IndexedItem[] = [];
    for (let i = offset; i < Math.min(end, total); i++) page.push(items[order[sorted[i]!]!]!);
    return { total, items: page };
  }
  const page: IndexedItem[] = [];
  let total = 0;
  for (let i = 0; i < order.length; i++) {
    const item = items[order[i]!]!;
    if (!matches(item)) continue;
    if (total >= offset && total < end) page.push(item);
    total++;
  }
  return { total, items: page };
}
