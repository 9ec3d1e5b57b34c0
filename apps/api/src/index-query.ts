// A list query answered from a scope's in-memory index (catalogue-index.ts) with the same semantics as
// the SQL of compile-filters.ts and sort-sql.ts (and the simulator's): documented fields only, at most
// one sort key; anything else is left to SQL. The query was already checked by compiling its SQL, so
// every value here parses.
//
// How: each clause is a test of one item position over the index's columns, and where it can, also a
// set of candidate positions found without testing every item (a stretch of a sorted order, the ids an
// `in` names, or a trigram posting-list intersection). The smallest such set is tested against every
// clause; without one, every item is. The page is then read off the asked order, stopping once it is
// full, so a deep page of a sort costs a walk over positions, never a sort of the matches.
import { compareText, type ScopeIndex, type SortableField, type TextField } from "./catalogue-index.js";
import { parseDateValue } from "./date-value.js";
import { documentedField, type DocumentedField } from "./item-fields.js";
import { parseLike } from "./like-matcher.js";
import type { FilterClause, FilterOperator, ListQuery } from "./list-query.js";

/** Whether the item at a position matches. */
type Test = (position: number) => boolean;
type Value = number | string;

interface Matches {
  /** Each position once. */
  positions: Uint32Array;
  /** Whether `positions` ascend (else they follow some sorted order). */
  ascending: boolean;
}

interface Candidates {
  positions: Uint32Array;
  /** Whether `positions` ascend (else they follow some sorted order). */
  ascending: boolean;
  /** Whether they are exactly the clause's matches (else a superset, to test). */
  exact: boolean;
}

const BOOLEANS: Record<string, number> = { true: 1, false: 0, "1": 1, "0": 0 };

/** The field names of item-fields.ts as the index's sortable fields (`public` is is_public there). */
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

/** The wire text `like` matches, as compile-filters.ts's wireText. */
function wireTexts(index: ScopeIndex, key: SortableField): (position: number) => string {
  switch (key) {
    case "id": {
      const ids = index.id;
      return (p) => String(ids[p]);
    }
    case "public": {
      const flags = index.isPublic;
      return (p) => (flags[p] ? "true" : "false");
    }
    case "created_on":
    case "updated_on": {
      const texts = key === "created_on" ? index.created_on_text : index.updated_on_text;
      return (p) => texts[p]!;
    }
    default: {
      const texts = index[key];
      return (p) => texts[p]!;
    }
  }
}

/** `column[p] op target`, one closure per operator (a walk tests 100,000s of items). */
function numberTest(column: Float64Array | Uint8Array, op: FilterOperator, target: number): Test {
  switch (op) {
    case "ne":
      return (p) => column[p] !== target;
    case "lt":
      return (p) => column[p]! < target;
    case "le":
      return (p) => column[p]! <= target;
    case "gt":
      return (p) => column[p]! > target;
    case "ge":
      return (p) => column[p]! >= target;
    default:
      return (p) => column[p] === target;
  }
}

function clauseTest(index: ScopeIndex, clause: FilterClause): Test {
  const field = documentedField(clause.field)!;
  const key = FIELDS[clause.field]!;
  if (clause.op === "like") {
    const like = parseLike(clause.values[0] ?? "").test;
    if (key === "name" || key === "path" || key === "data_store") {
      const texts = index[key];
      return (p) => like(texts[p]!);
    }
    const text = wireTexts(index, key);
    return (p) => like(text(p));
  }
  const targets = clause.values.map((value) => typed(field, value));
  if (key === "name" || key === "path" || key === "data_store") {
    const texts = index[key];
    if (clause.op === "in") {
      const set = new Set<Value>(targets);
      return (p) => set.has(texts[p]!);
    }
    const target = targets[0] as string;
    const { op } = clause;
    if (op === "eq") return (p) => texts[p] === target;
    if (op === "ne") return (p) => texts[p] !== target;
    return (p) => holds(op, compareText(texts[p]!, target));
  }
  const column = index.numbers(key);
  if (clause.op === "in") {
    const set = new Set<Value>(targets);
    return (p) => set.has(column[p]!);
  }
  return numberTest(column, clause.op, targets[0] as number);
}

/** First place in `order` whose item is not `before` the bound. */
function lowerBound(order: Uint32Array, before: (position: number) => boolean): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(order[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface Stretch {
  order: Uint32Array;
  from: number;
  to: number;
  exact: boolean;
}

/**
 * The stretch of one ascending order that holds every item a clause can match, found by binary search:
 * ranges and equality on numbers and dates, equality and a `like`'s literal prefix on strings.
 * Undefined when the clause cannot narrow (`ne`, `in`, booleans, a `like` starting with a wildcard).
 */
function stretchOf(index: ScopeIndex, clause: FilterClause): Stretch | undefined {
  const field = documentedField(clause.field)!;
  const key = FIELDS[clause.field]!;
  const { op } = clause;
  if (field.kind === "number" || field.kind === "date") {
    if (op !== "eq" && op !== "lt" && op !== "le" && op !== "gt" && op !== "ge") return undefined;
    const target = typed(field, clause.values[0] ?? "") as number;
    const column = index.numbers(key as "id" | "created_on" | "updated_on");
    const { order } = index.order(key, false);
    const below = lowerBound(order, (p) => column[p]! < target);
    const through = lowerBound(order, (p) => column[p]! <= target);
    const [from, to] =
      op === "eq"
        ? [below, through]
        : op === "lt"
          ? [0, below]
          : op === "le"
            ? [0, through]
            : op === "gt"
              ? [through, order.length]
              : [below, order.length];
    return { order, from, to, exact: true };
  }
  if (field.kind !== "string") return undefined;
  const texts = index[key as TextField];
  let prefix = "";
  let exact = false;
  if (op === "eq") {
    prefix = clause.values[0]!;
  } else if (op === "like") {
    const like = parseLike(clause.values[0] ?? "");
    prefix = like.prefix;
    exact = like.prefixOnly;
  }
  if (prefix === "") return undefined;
  const { order } = index.order(key, false);
  const from = lowerBound(order, (p) => compareText(texts[p]!, prefix) < 0);
  // Texts starting with the prefix sort together, right after anything below it.
  const to = lowerBound(order, (p) => texts[p]!.startsWith(prefix) || compareText(texts[p]!, prefix) < 0);
  return { order, from, to, exact };
}

/** The positions of the items an `id,eq` or `id,in` clause names. */
function namedIds(index: ScopeIndex, clause: FilterClause): Candidates {
  const positions: number[] = [];
  for (const value of clause.values) {
    const position = index.indexOf(Number(value));
    if (position !== undefined) positions.push(position);
  }
  const unique = Uint32Array.from(new Set(positions)).sort();
  return { positions: unique, ascending: true, exact: true };
}

/** The smallest set of candidates any clause gives, or undefined when none narrows. */
function candidatesOf(index: ScopeIndex, clauses: readonly FilterClause[]): Candidates | undefined {
  let best: Candidates | undefined;
  const consider = (found: Candidates) => {
    if (!best || found.positions.length < best.positions.length) best = found;
  };
  // Clauses on one order (id,ge,a;id,lt,b) narrow it together: their stretches intersect.
  const byOrder = new Map<Uint32Array, Stretch>();
  for (const clause of clauses) {
    if (clause.field === "id" && (clause.op === "eq" || clause.op === "in")) {
      consider(namedIds(index, clause));
      continue;
    }
    const stretch = stretchOf(index, clause);
    const trigrams = clause.op === "like" ? index.trigrams(FIELDS[clause.field]!) : undefined;
    if (trigrams && !stretch?.exact) {
      const positions = trigrams.candidates(parseLike(clause.values[0] ?? "").literals);
      if (positions) consider({ positions, ascending: true, exact: false });
    }
    if (!stretch) continue;
    const held = byOrder.get(stretch.order);
    byOrder.set(
      stretch.order,
      held
        ? {
            order: stretch.order,
            from: Math.max(held.from, stretch.from),
            to: Math.min(held.to, stretch.to),
            exact: held.exact && stretch.exact,
          }
        : stretch,
    );
  }
  for (const { order, from, to, exact } of byOrder.values()) {
    const positions = order.subarray(from, Math.max(from, to));
    // The identity order (by id) ascends by position.
    consider({ positions, ascending: order === index.order("id", false).order, exact });
  }
  return best;
}

/** The positions of every item matching all the clauses, each once. */
function matchesOf(index: ScopeIndex, clauses: readonly FilterClause[]): Matches {
  const candidates = candidatesOf(index, clauses);
  const tests = clauses.map((clause) => clauseTest(index, clause));
  const [first, second] = tests;
  const test: Test =
    tests.length === 1
      ? first!
      : tests.length === 2
        ? (p) => first!(p) && second!(p)
        : (p) => {
            for (let i = 0; i < tests.length; i++) if (!tests[i]!(p)) return false;
            return true;
          };
  // Candidates that are most of the scope save little over testing every item, and cost their sort.
  if (candidates && candidates.positions.length * 2 < index.size) {
    const { positions, ascending } = candidates;
    // An exact set from the only clause needs no test.
    if (candidates.exact && clauses.length === 1) return { positions, ascending };
    const out = new Uint32Array(positions.length);
    let count = 0;
    for (let i = 0; i < positions.length; i++) if (test(positions[i]!)) out[count++] = positions[i]!;
    return { positions: out.subarray(0, count), ascending };
  }
  const out = new Uint32Array(index.size);
  let count = 0;
  for (let p = 0; p < index.size; p++) if (test(p)) out[count++] = p;
  return { positions: out.subarray(0, count), ascending: true };
}

/** Below this many matches, the page is found by sorting the matches' ranks, else by walking the order. */
const RANK_SORT_BELOW = 2048;

/** The page's positions in the asked order, from the positions of all matches. */
function pageOf(index: ScopeIndex, query: ListQuery, matches: Matches): Uint32Array {
  const { positions } = matches;
  const total = positions.length;
  const offset = Math.min((query.page - 1) * query.perPage, total);
  const end = Math.min(offset + query.perPage, total);
  const [sort] = query.sorts;
  const byId = !sort || sort.field === "id";
  const descending = sort?.descending ?? false;
  if (byId && matches.ascending) {
    if (!descending) return positions.subarray(offset, end);
    // A copy: `positions` may be the index's own id order.
    return positions.slice(total - end, total - offset).reverse();
  }
  const { order, rank } = index.order(sort ? FIELDS[sort.field]! : "id", descending);
  if (total === index.size) return order.subarray(offset, end);
  // (A share of the scope too, so that small scopes, as in the tests, take both ways.)
  if (total < Math.min(RANK_SORT_BELOW, index.size / 8)) {
    const ranks = new Uint32Array(total);
    for (let i = 0; i < total; i++) ranks[i] = rank[positions[i]!]!;
    return ranks
      .sort()
      .subarray(offset, end)
      .map((r) => order[r]!);
  }
  // Mark the matches, then walk the order until the page is full: a deep page costs a walk, not a sort.
  const marks = new Uint8Array(index.size);
  for (let i = 0; i < total; i++) marks[positions[i]!] = 1;
  const page = new Uint32Array(end - offset);
  let seen = 0;
  for (let i = 0; i < order.length && seen < end; i++) {
    const p = order[i]!;
    if (!marks[p]) continue;
    if (seen >= offset) page[seen - offset] = p;
    seen++;
  }
  return page;
}

/** The page (positions in the index, in order) and the number of matches, or undefined when SQL must answer. */
export function queryIndex(
  index: ScopeIndex,
  query: ListQuery,
): { total: number; positions: Uint32Array } | undefined {
  if (query.sorts.length > 1) return undefined;
  if (![...query.filters, ...query.sorts].every((clause) => documentedField(clause.field))) return undefined;
  const matches =
    query.filters.length === 0
      ? { positions: index.order("id", false).order, ascending: true }
      : matchesOf(index, query.filters);
  return { total: matches.positions.length, positions: pageOf(index, query, matches) };
}
