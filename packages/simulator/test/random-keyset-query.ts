// Random keyset-shaped list queries for the fast-path tests: one to three id range clauses with bounds on,
// next to and between existing ids, outside the catalogue and fractional, sometimes with a filter on
// another field; sort absent, id,asc or id,desc; random page and per_page.
import type { Prng } from "../src/prng.js";

export interface RandomQuery {
  filter: string;
  sort: string | undefined;
  page: number;
  perPage: number;
}

const RANGE_OPS = ["gt", "gt", "ge", "lt", "le", "le", "eq"];
const PER_PAGES = [1, 2, 3, 7, 10, 33, 100, 250];

export function randomKeysetQuery(rng: Prng, ids: number[], residuals: string[]): RandomQuery {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rng() * values.length)]!;
  const maxId = ids[ids.length - 1] ?? 0;
  const bound = (): number => {
    const roll = rng();
    if (roll < 0.5) return pick(ids) + pick([-1, 0, 0, 1]);
    if (roll < 0.7) return Math.floor(rng() * (maxId + 20)) - 10;
    if (roll < 0.85) return pick([-5, 0, maxId, maxId + 1, 1e12, -1e12]);
    return pick(ids) + 0.5;
  };
  const clauses = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => `id,${pick(RANGE_OPS)},${bound()}`);
  const residual = rng() < 0.4 ? pick(residuals) : "";
  if (residual !== "") clauses.splice(Math.floor(rng() * (clauses.length + 1)), 0, residual);
  return {
    filter: clauses.join(";"),
    sort: pick([undefined, "id,asc", "id,desc"]),
    page: rng() < 0.1 ? 1 + Math.floor(rng() * 100) : 1 + Math.floor(rng() * 4),
    perPage: pick(PER_PAGES),
  };
}

/** The query string a client would send for `query` (always `expand=1`, as a sync does). */
export function queryString(query: RandomQuery): string {
  const params = new URLSearchParams({ expand: "1", per_page: String(query.perPage), filter: query.filter });
  if (query.sort !== undefined) params.set("sort", query.sort);
  params.set("page", String(query.page));
  return params.toString();
}
