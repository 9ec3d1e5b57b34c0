// What a response of a scope depends on: its last successful run. `commitSeq` changes with every commit
// of the scope (docs/sql.md, sync_runs.commit_seq), so it keys the ETag and the response cache; the run's
// `finished_at` is the freshness header. A scope with no successful run has nothing to serve yet.
import type { DatabaseHandle, Listener } from "@vss-mirror/db";
import type { Logger } from "pino";

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

/** Where the sync announces every change to a run (migration 0009: a trigger on sync_runs). */
export const SYNC_RUNS_CHANNEL = "vss_sync_runs";

/** How long to wait before listening again after the listening connection is lost. */
const RELISTEN_MS = 1_000;
/** How often the listening connection proves it still hears the database, and how long a proof lasts. */
const PING_MS = 200;
const LEASE_MS = 1_000;

/**
 * Reads scope states, caching each scope's extra field names until its next commit, and, on a server,
 * the states themselves, so that a request (a cache hit above all) costs no SQL.
 *
 * Why a kept state is never stale: a listening connection hears every change to a sync run
 * (SYNC_RUNS_CHANNEL), and a notification drops its scope's state. A state is kept only when it was read
 * while listening, with no run of the scope running at the time, and no notification for the scope
 * arrived while it was read. A commit is made by a run whose start (a row inserted and committed on its
 * own, before the run reads anything upstream) came after that read, so its start was announced: the
 * state was dropped while the run was still working, long before its commit, and from then on every
 * request reads SQL until the run's end is heard. Without a listener (lost, or embedded PGlite), or
 * when it has not proved within LEASE_MS that it still hears the database, every request reads SQL, as
 * before. What is left: a partition that silences the listener can let a run that starts and commits
 * within that last second go unheard for the rest of it.
 */
export class ScopeStates {
  readonly #database: DatabaseHandle;
  readonly #logger: Logger | undefined;
  readonly #extraFields = new Map<string, { commitSeq: string; fields: Set<string> }>();
  readonly #known = new Map<string, ScopeState>();
  /** Bumped by every notification of the scope; all of them when listening stops. */
  readonly #generations = new Map<string, number>();
  #epoch = 0;
  #listener: Listener | undefined;
  /** When the last answered ping was sent (performance.now()). */
  #provenAt = Number.NEGATIVE_INFINITY;
  #pinging: NodeJS.Timeout | undefined;
  #listening = false;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(database: DatabaseHandle, logger?: Logger) {
    this.#database = database;
    this.#logger = logger;
    void this.#listen();
  }

  /** The scope's state, or undefined when it was never synced successfully. */
  async get(scope: string): Promise<ScopeState | undefined> {
    const known = this.#known.get(scope);
    if (known && this.#trusted()) return known;
    const listening = this.#trusted();
    const generation = this.#generation(scope);
    const [row] = await this.#database.query<{
      commit_seq: string | null;
      finished_at: Date | null;
      running: boolean;
    }>(
      `select last.commit_seq, last.finished_at,
              exists (select 1 from vss.sync_runs where scope = $1 and status = 'running') as running
         from (select 1) as one
         left join lateral (
           select commit_seq, finished_at from vss.sync_runs
            where scope = $1 and status = 'succeeded' order by started_at desc limit 1
         ) as last on true`,
      [scope],
    );
    if (!row?.finished_at) return undefined;
    const commitSeq = row.commit_seq ?? `t${row.finished_at.getTime()}`;
    const syncedAt = row.finished_at;
    const fields = await this.#fieldsOf(scope, commitSeq);
    const state: ScopeState = { scope, commitSeq, syncedAt, hasExtraField: (field) => fields.has(field) };
    if (listening && this.#trusted() && !row.running && this.#generation(scope) === generation) {
      this.#known.set(scope, state);
    }
    return state;
  }

  /** Stops listening (the API is closing). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    clearInterval(this.#pinging);
    this.#forget();
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.stop();
  }

  /**
   * Whether kept states may answer: listening, and heard from the database within the lease. A
   * connection that silently stops hearing (a network partition) then costs at most LEASE_MS of trust,
   * after which requests read SQL (and answer 503 if the database cannot be reached).
   */
  #trusted(): boolean {
    return this.#listening && performance.now() - this.#provenAt < LEASE_MS;
  }

  #ping(listener: Listener): void {
    const sent = performance.now();
    listener.ping().then(
      () => {
        if (this.#listener === listener) this.#provenAt = Math.max(this.#provenAt, sent);
      },
      // A failed connection reports itself through onLost.
      () => {},
    );
  }

  #generation(scope: string): number {
    return this.#epoch + (this.#generations.get(scope) ?? 0);
  }

  /** Nothing kept can be trusted any more. */
  #forget(): void {
    this.#listening = false;
    clearInterval(this.#pinging);
    this.#epoch += 1_000_000;
    this.#known.clear();
  }

  async #listen(): Promise<void> {
    const { listen } = this.#database;
    if (this.#closed || !listen) return;
    try {
      // Filled in once listening; onLost cannot fire before that.
      const held: { listener?: Listener } = {};
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
        const { listener } = held;
        if (!listener || this.#listener !== listener) return;
        this.#listener = undefined;
        this.#forget();
        void listener.stop();
        this.#again(error);
      };
      const listener = await listen.call(this.#database, SYNC_RUNS_CHANNEL, {
        onNotify: (scope) => {
          this.#generations.set(scope, (this.#generations.get(scope) ?? 0) + 1);
          this.#known.delete(scope);
        },
        onLost,
      });
      held.listener = listener;
      if (this.#closed || lost) {
        await listener.stop();
        if (lost) this.#again(lost);
        return;
      }
      this.#listener = listener;
      // Listening since before this moment: what it proves starts here.
      this.#provenAt = performance.now();
      this.#listening = true;
      const current = listener;
      this.#pinging = setInterval(() => this.#ping(current), PING_MS);
      this.#pinging.unref();
    } catch (error) {
      this.#again(error);
    }
  }

  #again(error: unknown): void {
    if (this.#closed) return;
    this.#logger?.warn({ err: error }, "not listening for sync runs; every request reads its scope's state");
    this.#retry = setTimeout(() => void this.#listen(), RELISTEN_MS);
    this.#retry.unref();
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
