// Parses the list query string exactly as the simulator does (packages/simulator/src/list-query.ts):
// page/per_page/expand plus `filter=field,op,value;...` and `sort=field,dir;...`. On top of it, caps
// on sizes, because every value here ends up bound into a SQL statement.
import { badParameter } from "./api-error.js";

export const FILTER_OPERATORS = ["eq", "ne", "lt", "le", "gt", "ge", "like", "in"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterClause {
  field: string;
  op: FilterOperator;
  /** One value, or the comma-separated list for `in`. */
  values: string[];
}

export interface SortKey {
  field: string;
  descending: boolean;
}

export interface ListQuery {
  page: number;
  perPage: number;
  expand: boolean;
  filters: FilterClause[];
  sorts: SortKey[];
}

/** Documented default and maximum page size. Larger values are clamped, not rejected (assumed). */
export const DEFAULT_PER_PAGE = 10;
export const MAX_PER_PAGE = 250;
/** Longest accepted filter value (bytes of UTF-16 text, near enough): no real name or path comes close. */
export const MAX_VALUE_LENGTH = 4096;
/** Most entries in one `in` list, and most clauses in one filter or sort. */
export const MAX_LIST_ENTRIES = 100;
export const MAX_CLAUSES = 20;

export type RawQuery = Record<string, string | string[] | undefined>;

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw badParameter(`${name} given more than once`);
  return value;
}

function positiveInteger(query: RawQuery, name: string, fallback: number): number {
  const raw = single(query, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw badParameter(`${name} must be an integer >= 1, got "${raw.slice(0, 64)}"`);
  return Number(raw);
}

// Several `filter` (or `sort`) parameters act like one joined by `;` (assumed, as upstream).
function clauses(query: RawQuery, name: string): string[] {
  const raw = query[name];
  const joined = Array.isArray(raw) ? raw.join(";") : (raw ?? "");
  const parts = joined.split(";").filter((part) => part !== "");
  if (parts.length > MAX_CLAUSES) throw badParameter(`${name} has more than ${MAX_CLAUSES} clauses`);
  return parts;
}

/** Quotes user text in a message, shortened so that a 100 KB value does not come back as a 100 KB error. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

function parseFilter(clause: string): FilterClause {
  const first = clause.indexOf(",");
  const second = first < 0 ? -1 : clause.indexOf(",", first + 1);
  if (second < 0) throw badParameter(`filter ${quoted(clause)} must be field,operator,value`);
  const field = clause.slice(0, first);
  const op = clause.slice(first + 1, second);
  const rest = clause.slice(second + 1);
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
    throw badParameter(`filter operator ${quoted(op)} is not one of ${FILTER_OPERATORS.join(" ")}`);
  }
  const values = op === "in" ? rest.split(",") : [rest];
  if (values.length > MAX_LIST_ENTRIES) {
    throw badParameter(`filter ${quoted(field)},in: more than ${MAX_LIST_ENTRIES} values`);
  }
  for (const value of values) {
    if (value.length > MAX_VALUE_LENGTH) {
      throw badParameter(`filter ${quoted(field)},${op}: value longer than ${MAX_VALUE_LENGTH} characters`);
    }
    // Postgres text cannot hold NUL; binding one would fail the statement (a 500) instead of matching nothing.
    if (value.includes("\u0000")) throw badParameter(`filter ${quoted(field)},${op}: value contains NUL`);
  }
  return { field, op: op as FilterOperator, values };
}

function parseSort(clause: string): SortKey {
  const [field = "", direction = "asc", ...extra] = clause.split(",");
  if (field === "" || extra.length > 0 || (direction !== "asc" && direction !== "desc")) {
    throw badParameter(`sort ${quoted(clause)} must be field,asc or field,desc`);
  }
  return { field, descending: direction === "desc" };
}

export function parseListQuery(query: RawQuery): ListQuery {
  const expand = single(query, "expand");
  return {
    page: positiveInteger(query, "page", 1),
    perPage: Math.min(positiveInteger(query, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE),
    expand: expand === "1" || expand === "true",
    filters: clauses(query, "filter").map(parseFilter),
    sorts: clauses(query, "sort").map(parseSort),
  };
}
