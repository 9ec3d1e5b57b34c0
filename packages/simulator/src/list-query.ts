// Parses the list query string (docs/upstream-api.md "Lists and their envelope" and "The public catalogue"; contract note for the
// edge cases): page/per_page/expand plus `filter=field,op,value;...` and `sort=field,dir;...`.
import { badParameter } from "./http-error.js";

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
    throw badParameter(`${name} must be an integer >= 1, got "${raw}"`);
  return Number(raw);
}

// Several `filter` (or `sort`) parameters act like one joined by `;` (assumed).
function clauses(query: RawQuery, name: string): string[] {
  const raw = query[name];
  const joined = Array.isArray(raw) ? raw.join(";") : (raw ?? "");
  return joined.split(";").filter((part) => part !== "");
}

function parseFilter(clause: string): FilterClause {
  const first = clause.indexOf(",");
  const second = first < 0 ? -1 : clause.indexOf(",", first + 1);
  if (second < 0) throw badParameter(`filter "${clause}" must be field,operator,value`);
  const field = clause.slice(0, first);
  const op = clause.slice(first + 1, second);
  const rest = clause.slice(second + 1);
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
    throw badParameter(`filter operator "${op}" is not one of ${FILTER_OPERATORS.join(" ")}`);
  }
  return { field, op: op as FilterOperator, values: op === "in" ? rest.split(",") : [rest] };
}

function parseSort(clause: string): SortKey {
  const [field = "", direction = "asc", ...extra] = clause.split(",");
  if (field === "" || extra.length > 0 || (direction !== "asc" && direction !== "desc")) {
    throw badParameter(`sort "${clause}" must be field,asc or field,desc`);
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
