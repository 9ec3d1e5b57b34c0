// Turns parsed filter clauses into one parameterised SQL condition over `vss.iso_images`, with the
// simulator's semantics (packages/simulator/src/compile-filters.ts). Column names come only from the
// whitelist in item-fields.ts; every user value, extra field names included, is a bound parameter.
import { badParameter } from "./api-error.js";
import { parseDateValue } from "./date-value.js";
import { documentedField, type DocumentedField } from "./item-fields.js";
import { likePattern } from "./like-pattern.js";
import { type FilterClause, type FilterOperator, quoted } from "./list-query.js";
import type { SqlParams } from "./sql-params.js";

const BOOLEANS: Record<string, boolean> = { true: true, false: false, "1": true, "0": false };

const SQL_OPERATORS: Record<Exclude<FilterOperator, "like" | "in">, string> = {
  eq: "=",
  ne: "<>",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
};

/** Bounds of Postgres timestamptz; beyond them a filter instant is simply before or after every item. */
const FIRST_INSTANT = new Date("0001-01-01T00:00:00Z").getTime();
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The wire text of a documented field, for `like` (the simulator matches the value as sent). */
function wireText(field: DocumentedField): string {
  switch (field.kind) {
    case "number":
      return `${field.column}::text`;
    case "boolean":
      return `(case when ${field.column} then 'true' else 'false' end)`;
    case "date":
      // The text as the upstream sent it, which is what this API answers with.
      return field.textColumn ?? field.column;
    default:
      return field.column;
  }
}

/** A filter value as a typed SQL expression for the field's kind; 400 naming the clause when it is not one. */
function target(field: DocumentedField, value: string, clause: FilterClause, params: SqlParams): string {
  const fail = (what: string) =>
    badParameter(`filter ${clause.field},${clause.op}: ${quoted(value)} is not ${what}`);
  switch (field.kind) {
    case "number":
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw fail("a number");
      // A whole number in range compares as bigint, so `id,eq,N` uses the (scope, vss_id) index.
      return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))
        ? `${params.add(value)}::bigint`
        : `${params.add(value)}::numeric`;
    case "boolean":
      if (!Object.hasOwn(BOOLEANS, value)) throw fail("true, false, 1 or 0");
      return `${params.add(BOOLEANS[value])}::boolean`;
    case "date": {
      const instant = parseDateValue(value);
      if (Number.isNaN(instant)) throw fail("a date (YYYY-MM-DD HH:MM:SS EST|EDT or ISO 8601)");
      const text =
        instant < FIRST_INSTANT
          ? "-infinity"
          : instant > LAST_INSTANT
            ? "infinity"
            : new Date(instant).toISOString();
      return `${params.add(text)}::timestamptz`;
    }
    default:
      return params.add(value);
  }
}

function documentedCondition(field: DocumentedField, clause: FilterClause, params: SqlParams): string {
  const { op, values } = clause;
  if (op === "like") return `${wireText(field)} like ${params.add(likePattern(values[0] ?? ""))}`;
  const targets = values.map((value) => target(field, value, clause, params));
  // Equality needs no collation (and keeps the indexes usable); order comparisons are byte-wise, as upstream.
  const column =
    field.kind === "string" && op !== "eq" && op !== "in" ? `${field.column} collate "C"` : field.column;
  if (op === "in") return `${field.column} in (${targets.join(", ")})`;
  return `${column} ${SQL_OPERATORS[op]} ${targets[0]}`;
}

// An undocumented field has no declared type: like the simulator, compare as each item's own value is
// typed (a number with the value as a number, a boolean with true/false/1/0, a string as text).
function extraComparison(json: string, op: string, value: string, params: SqlParams): string {
  const type = `jsonb_typeof(${json})`;
  const parts = [
    `(${type} = 'string' and (${json} #>> '{}') collate "C" ${op} ${params.add(value)})`,
    `(${type} in ('object', 'array') and (${json})::text collate "C" ${op} ${params.add(value)})`,
  ];
  const number = value.trim() === "" ? Number.NaN : Number(value);
  if (Number.isFinite(number))
    parts.push(`(${type} = 'number' and (${json})::numeric ${op} ${params.add(String(number))}::numeric)`);
  if (Object.hasOwn(BOOLEANS, value)) {
    parts.push(
      `(${type} = 'boolean' and (case when (${json})::boolean then 1 else 0 end) ${op} ${params.add(BOOLEANS[value] ? 1 : 0)}::int)`,
    );
  }
  return `(${parts.join(" or ")})`;
}

function extraCondition(clause: FilterClause, params: SqlParams): string {
  const json = `(extra -> ${params.add(clause.field)}::text)`;
  const { op, values } = clause;
  // ->> gives the text of strings, numbers and booleans, the JSON of objects, and null for JSON null.
  if (op === "like") return `(${json} #>> '{}') like ${params.add(likePattern(values[0] ?? ""))}`;
  if (op === "in")
    return `(${values.map((value) => extraComparison(json, "=", value, params)).join(" or ")})`;
  return extraComparison(json, SQL_OPERATORS[op], values[0] ?? "", params);
}

/**
 * One SQL condition for all clauses (all must hold), or "true" when there are none. `hasExtraField`
 * says whether any live item of the scope has an undocumented field of that name; otherwise 400.
 */
export function compileFilters(
  clauses: FilterClause[],
  hasExtraField: (field: string) => boolean,
  params: SqlParams,
): string {
  const conditions = clauses.map((clause) => {
    const field = documentedField(clause.field);
    if (field) return documentedCondition(field, clause, params);
    if (!hasExtraField(clause.field))
      throw badParameter(`filter field ${quoted(clause.field)} is not an item field`);
    return extraCondition(clause, params);
  });
  return conditions.length === 0 ? "true" : conditions.map((c) => `(${c})`).join(" and ");
}
