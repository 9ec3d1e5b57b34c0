import { checkField, type QueryField } from "./fields.js";

/** Sort direction on the wire. */
export type SortDirection = "asc" | "desc";

/** Immutable builder for `sort=field,dir;field2,dir` (first key most significant). */
export class Sort {
  readonly #keys: readonly string[];
  constructor(keys: readonly string[] = []) {
    this.#keys = keys;
  }
  by(field: QueryField, direction: SortDirection): Sort {
    checkField(field);
    return new Sort([...this.#keys, `${field},${direction}`]);
  }
  asc(field: QueryField): Sort {
    return this.by(field, "asc");
  }
  desc(field: QueryField): Sort {
    return this.by(field, "desc");
  }
  /** True when no key was added (the client then sends its stable default, `id,asc`). */
  get isEmpty(): boolean {
    return this.#keys.length === 0;
  }
  toString(): string {
    return this.#keys.join(";");
  }
  toJSON(): string {
    return this.toString();
  }
}

/** Starts an empty sort: `sort().asc("name").desc("id")`. */
export function sort(): Sort {
  return new Sort();
}
