// Turns parsed filter clauses into one predicate over stored entries. Values are parsed once per request
// according to the field's type, so the per-item work is a plain comparison.
import { badParameter } from "./http-error.js";
import type { ItemCollection } from "./item-collection.js";
import type { ItemEntry } from "./item-entry.js";
import { compareValues, documentedKind, textValue, type FieldKind } from "./item-fields.js";
import { likeToRegExp } from "./like-pattern.js";
import type { FilterClause, FilterOperator } from "./list-query.js";
import { parseDateValue } from "./toronto-date.js";

export type EntryPredicate = (entry: ItemEntry) => boolean;
type Scalar = number | string | undefined;

const BOOLEANS: Record<string, number> = { true: 1, false: 0, "1": 1, "0": 0 };

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
      return cmp === 0; // eq, and each candidate of `in`
  }
}

/** A filter value for a number field (`id`), or undefined when it is not a decimal number. */
export function parseNumberValue(value: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
}

/** Parses a filter value for a documented field; throws 400 naming the clause when it cannot. */
function parseTarget(kind: FieldKind, value: string, clause: FilterClause): Scalar {
  const fail = (what: string) =>
    badParameter(`filter ${clause.field},${clause.op}: "${value}" is not ${what}`);
  switch (kind) {
    case "number": {
      const number = parseNumberValue(value);
      if (number === undefined) throw fail("a number");
      return number;
    }
    case "boolean":
      if (!(value in BOOLEANS)) throw fail("true, false, 1 or 0");
      return BOOLEANS[value];
    case "date": {
      const instant = parseDateValue(value);
      if (Number.isNaN(instant)) throw fail("a date (YYYY-MM-DD HH:MM:SS EST|EDT or ISO 8601)");
      return instant;
    }
    default:
      return value;
  }
}

/** Reads the comparable value of a documented field, chosen once per clause rather than per item. */
function valueReader(kind: FieldKind, field: string): (entry: ItemEntry) => Scalar {
  switch (kind) {
    case "date":
      return field === "created_on"
        ? (entry) => (Number.isNaN(entry.created) ? undefined : entry.created)
        : (entry) => (Number.isNaN(entry.updated) ? undefined : entry.updated);
    case "number":
      return (entry) => (typeof entry.item[field] === "number" ? (entry.item[field] as number) : undefined);
    case "boolean":
      return (entry) => (typeof entry.item[field] === "boolean" ? Number(entry.item[field]) : undefined);
    default:
      return (entry) => (typeof entry.item[field] === "string" ? (entry.item[field] as string) : undefined);
  }
}

// An undocumented field has no declared type: compare as the item's own value is typed.
function extraTarget(entryValue: unknown, value: string): [Scalar, Scalar] {
  if (typeof entryValue === "number") return [entryValue, value.trim() === "" ? undefined : Number(value)];
  if (typeof entryValue === "boolean") return [Number(entryValue), BOOLEANS[value]];
  if (typeof entryValue === "string") return [entryValue, value];
  if (entryValue === undefined || entryValue === null) return [undefined, value];
  return [JSON.stringify(entryValue), value];
}

function compileClause(clause: FilterClause, collection: ItemCollection): EntryPredicate {
  const { field, op, values } = clause;
  const kind = documentedKind(field) ?? (collection.hasExtraField(field) ? "extra" : undefined);
  if (!kind) throw badParameter(`filter field "${field}" is not an item field`);
  if (op === "like") {
    const pattern = likeToRegExp(values[0] ?? "");
    return (entry) => {
      const text = textValue(entry, field);
      return text !== undefined && pattern.test(text);
    };
  }
  const matches = (a: Scalar, b: Scalar) =>
    a !== undefined && b !== undefined && !Number.isNaN(b) && holds(op, compareValues(a, b));
  if (kind === "extra") {
    return (entry) =>
      values.some((value) => {
        const [a, b] = extraTarget(entry.item[field], value);
        return matches(a, b);
      });
  }
  const targets = values.map((value) => parseTarget(kind, value, clause));
  const read = valueReader(kind, field);
  if (op === "in") return (entry) => targets.includes(read(entry));
  const target = targets[0];
  return (entry) => {
    const value = read(entry);
    return value !== undefined && holds(op, compareValues(value, target));
  };
}

/** One predicate for all clauses (all must hold), or undefined when there are none. */
export function compileFilters(
  clauses: FilterClause[],
  collection: ItemCollection,
): EntryPredicate | undefined {
  if (clauses.length === 0) return undefined;
  const predicates = clauses.map((clause) => compileClause(clause, collection));
  if (predicates.length === 1) return predicates[0];
  return (entry) => predicates.every((predicate) => predicate(entry));
}
