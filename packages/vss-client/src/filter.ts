import { checkField, type QueryField } from "./fields.js";
import { formatVssDate } from "./vss-date.js";

/** The eight upstream filter operators. */
export type FilterOperator = "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "like" | "in";
/** Any value a filter can carry; Dates are sent as Toronto local `YYYY-MM-DD HH:MM:SS EST|EDT`. */
export type FilterValue = string | number | boolean | Date;
/** The value type that makes sense for a known field; any FilterValue for other fields. */
export type FilterValueFor<F extends string> = F extends "id"
  ? number
  : F extends "public"
    ? boolean
    : F extends "created_on" | "updated_on"
      ? Date | string
      : F extends "name" | "path" | "data_store"
        ? string
        : FilterValue;

function encodeValue(value: FilterValue): string {
  let text: string;
  if (value instanceof Date) text = formatVssDate(value);
  else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`filter value ${value} is not a finite number`);
    text = String(value);
  } else if (typeof value === "boolean") text = value ? "true" : "false";
  else text = value;
  // `;` separates filters and upstream has no escape for it, so such a value cannot be expressed at all.
  if (text.includes(";")) {
    throw new RangeError(
      `filter value ${JSON.stringify(text)} contains ";", which the VSS API cannot express`,
    );
  }
  return text;
}

/**
 * Escapes `%`, `_` and `\` so `text` matches literally inside a `like` pattern, e.g.
 * `filter().like("name", escapeLike("CentOS_7") + "%")` for names starting with "CentOS_7".
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/**
 * Immutable builder for `filter=field,op,value;...` (all clauses must hold). Each method returns a new
 * Filter; `toString()` gives the raw parameter value (the client percent-encodes it with URLSearchParams).
 */
export class Filter {
  readonly #clauses: readonly string[];
  constructor(clauses: readonly string[] = []) {
    this.#clauses = clauses;
  }
  #add(field: string, op: FilterOperator, encoded: string): Filter {
    checkField(field);
    return new Filter([...this.#clauses, `${field},${op},${encoded}`]);
  }
  eq<F extends QueryField>(field: F, value: FilterValueFor<F>): Filter {
    return this.#add(field, "eq", encodeValue(value));
  }
  ne<F extends QueryField>(field: F, value: FilterValueFor<F>): Filter {
    return this.#add(field, "ne", encodeValue(value));
  }
  lt<F extends QueryField>(field: F, value: FilterValueFor<F>): Filter {
    return this.#add(field, "lt", encodeValue(value));
  }
  le<F extends QueryField>(field: F, value: FilterValueFor<F>): Filter {
    return this.#add(field, "le", encodeValue(value));
  }
  gt<F extends QueryField>(field: F, value: FilterValueFor<F>): Filter {
    return this.#add(field, "gt", encodeValue(value));
  }
  ge<F extends QueryField>(field: F, value: FilterValueFor<F>): Filter {
    return this.#add(field, "ge", encodeValue(value));
  }
  /** SQL-style pattern: `%` any run, `_` one character, `\` escapes (see `escapeLike`). */
  like(field: QueryField, pattern: string): Filter {
    return this.#add(field, "like", encodeValue(pattern));
  }
  /** Field equals one of `values`; upstream takes them comma-separated, so no value may contain `,`. */
  in<F extends QueryField>(field: F, values: readonly FilterValueFor<F>[]): Filter {
    if (values.length === 0) throw new RangeError(`filter "in" on ${field} needs at least one value`);
    const encoded = values.map((v) => {
      const text = encodeValue(v);
      if (text.includes(",")) {
        throw new RangeError(
          `"in" value ${JSON.stringify(text)} contains ",", which the VSS API cannot express`,
        );
      }
      return text;
    });
    return this.#add(field, "in", encoded.join(","));
  }
  /** True when no clause was added (the client then sends no `filter` parameter). */
  get isEmpty(): boolean {
    return this.#clauses.length === 0;
  }
  toString(): string {
    return this.#clauses.join(";");
  }
  toJSON(): string {
    return this.toString();
  }
}

/** Starts an empty filter: `filter().eq("public", true).like("name", "CentO%")`. */
export function filter(): Filter {
  return new Filter();
}
