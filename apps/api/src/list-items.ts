// One page of one scope, then the upstream envelope: from the scope's in-memory index when it can answer
// (index-query.ts), else from filters and sorts compiled to parameterised SQL over `vss.iso_images`
// (live items only). The SQL is compiled either way: it checks the query, so both name the same errors.
import type { DatabaseHandle } from "@vss-mirror/db";
import type { ScopeIndexes } from "./catalogue-index.js";
import { compileFilters } from "./compile-filters.js";
import { queryIndex } from "./index-query.js";
import { ISO_COLUMNS, type IsoRow, toWireIso, type WireIso } from "./iso-row.js";
import { listEnvelope } from "./list-envelope.js";
import type { ListQuery } from "./list-query.js";
import type { ScopeState } from "./scope-state.js";
import { orderBy } from "./sort-sql.js";
import { SqlParams } from "./sql-params.js";

export interface ListItemsInput {
  database: DatabaseHandle;
  /** In-memory indexes of scopes; without them every page is read with SQL. */
  indexes?: ScopeIndexes | undefined;
  state: ScopeState;
  query: ListQuery;
  base: string;
  /** The request's path and query, as received. */
  url: string;
  /** Path of one item, e.g. "/v2/iso"; item urls are `<base><itemPath>/<id>`. */
  itemPath: string;
  user: string;
  links?: Record<string, string>;
}

function whereOf(input: ListItemsInput, params: SqlParams): string {
  return `scope = $1 and deleted_at is null and ${compileFilters(input.query.filters, input.state.hasExtraField, params)}`;
}

/** The answer's JSON text. */
export async function listItems(input: ListItemsInput): Promise<string> {
  const startedAt = performance.now();
  const { state, query } = input;
  const params = new SqlParams(state.scope);
  // Sort fields are checked before filters, as upstream does, so the same bad query names the same error.
  const order = orderBy(query.sorts, state.hasExtraField, params);
  const where = whereOf(input, params);
  const index = await input.indexes?.get(state.scope, state.commitSeq);
  const answer = index ? queryIndex(index, query) : undefined;
  let total: number;
  let data: string;
  let count: number;
  const urlOf = (id: number) => `${input.base}${input.itemPath}/${id}`;
  if (index && answer) {
    const { positions } = answer;
    total = answer.total;
    count = positions.length;
    const parts = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const p = positions[i]!;
      // Items are kept as JSON text; urls are the only strings built here.
      parts[i] = query.expand ? index.json[p]! : JSON.stringify(urlOf(index.id[p]!));
    }
    data = `[${parts.join(",")}]`;
  } else {
    const sql = await fromSql(input, order, where, params);
    total = sql.total;
    count = sql.rows.length;
    data = JSON.stringify(query.expand ? sql.rows : sql.rows.map((row) => urlOf(row.id)));
  }
  return listEnvelope({
    requestUrl: `${input.base}${input.url}`,
    query,
    total,
    data,
    count,
    user: input.user,
    startedAt,
    ...(input.links ? { links: input.links } : {}),
  });
}

async function fromSql(
  input: ListItemsInput,
  order: string,
  where: string,
  params: SqlParams,
): Promise<{ total: number; rows: WireIso[] }> {
  const { database, state, query } = input;
  const offset = (query.page - 1) * query.perPage;
  let rows: (IsoRow & { total: string })[] = [];
  if (Number.isSafeInteger(offset)) {
    // One statement: the sort reads every match anyway, so counting them with a window costs little.
    rows = await database.query(
      `select ${ISO_COLUMNS}, count(*) over () as total from vss.iso_images where ${where}
        order by ${order} limit ${params.add(query.perPage)} offset ${params.add(offset)}`,
      params.values,
    );
  }
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (rows.length === 0 && query.page > 1) {
    // Past the last page the window has no row to carry the count.
    const countParams = new SqlParams(state.scope);
    const [row] = await database.query<{ n: string }>(
      `select count(*) as n from vss.iso_images where ${whereOf(input, countParams)}`,
      countParams.values,
    );
    total = Number(row?.n ?? 0);
  }
  return { total, rows: rows.map(toWireIso) };
}
