// What a response of a scope depends on: its last successful run. `commitSeq` changes with every commit
// of the scope (docs/sql.md, sync_runs.commit_seq), so it keys the ETag and the response cache; the run's
// `finished_at` is the freshness header. A scope with no successful run has nothing to serve yet.
import type { DatabaseHandle } from "@vss-mirror/db";

export interface ScopeState {
  scope: string;
  commitSeq: string;
  /** When the last successful run committed. */
  syncedAt: Date;
  /** Whether any live item of the scope has this undocumented field (filters and sorts need it). */
  hasExtraField(field: string): boolean;
}

type Query = <T>(text: string, params: unknown[]) => Promise<T[]>;

/** The scope's last successful commit, or undefined when it was never synced successfully. */
export async function lastCommit(
  query: Query,
  scope: string,
): Promise<{ commitSeq: string; syncedAt: Date } | undefined> {
  // Runs of one scope never overlap (advisory lock), so its newest succeeded run is its last commit;
  // sync_runs_scope_started_idx serves this.
  const [run] = await query<{ commit_seq: string | null; finished_at: Date }>(
    `select commit_seq, finished_at from vss.sync_runs
      where scope = $1 and status = 'succeeded'
      order by started_at desc limit 1`,
    [scope],
  );
  if (!run) return undefined;
  return { commitSeq: run.commit_seq ?? `t${run.finished_at.getTime()}`, syncedAt: run.finished_at };
}

/** Reads scope states, caching each scope's extra field names until its next commit. */
export class ScopeStates {
  readonly #database: DatabaseHandle;
  readonly #extraFields = new Map<string, { commitSeq: string; fields: Set<string> }>();

  constructor(database: DatabaseHandle) {
    this.#database = database;
  }

  /** The scope's state, or undefined when it was never synced successfully. */
  async get(scope: string): Promise<ScopeState | undefined> {
    const commit = await lastCommit((text, params) => this.#database.query(text, params), scope);
    if (!commit) return undefined;
    const { commitSeq, syncedAt } = commit;
    const fields = await this.#fieldsOf(scope, commitSeq);
    return {
      scope,
      commitSeq,
      syncedAt,
      hasExtraField: (field) => fields.has(field),
    };
  }

  async #fieldsOf(scope: string, commitSeq: string): Promise<Set<string>> {
    const cached = this.#extraFields.get(scope);
    if (cached?.commitSeq === commitSeq) return cached.fields;
    const rows = await this.#database.query<{ key: string }>(
      `select distinct jsonb_object_keys(extra) as key from vss.iso_images
        where scope = $1 and deleted_at is null`,
      [scope],
    );
    const fields = new Set(rows.map((row) => row.key));
    this.#extraFields.set(scope, { commitSeq, fields });
    return fields;
  }
}
