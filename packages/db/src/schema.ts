// The reporting contract (docs/sql.md): users write SQL against these names, so change them only with a
// migration and a note in the docs.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const vss = pgSchema("vss");

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Hands out sync_runs.commit_seq. */
export const commitSeq = vss.sequence("commit_seq");
// Ids of the personal syncs the cache API starts for clients (PATCH /v2/user/image/iso): upstream request ids
// are integers, and they must not repeat when Redis is reset.
export const imageSyncRequestId = vss.sequence("image_sync_request_id");

export const syncRuns = vss.table(
  "sync_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    scope: text("scope").notNull(),
    trigger: text("trigger", { enum: ["schedule", "manual", "cli"] }).notNull(),
    status: text("status", { enum: ["running", "succeeded", "failed"] })
      .notNull()
      .default("running"),
    startedAt: instant("started_at").notNull().defaultNow(),
    finishedAt: instant("finished_at"),
    /** How the run listed its scope: "keyset" (by id ranges) or "pages" (page=N, deletions confirmed). */
    walk: text("walk", { enum: ["keyset", "pages"] }),
    /** The upstream's own count of the listing when the walk began: a sanity figure, not the proof. */
    upstreamTotal: integer("upstream_total"),
    pages: integer("pages").notNull().default(0),
    itemsSeen: integer("items_seen").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    deleted: integer("deleted").notNull().default(0),
    httpRequests: integer("http_requests").notNull().default(0),
    retries: integer("retries").notNull().default(0),
    error: text("error"),
    /** The BullMQ job that ran it, when it ran as a job. */
    jobId: text("job_id"),
    /**
     * Commit order of succeeded runs: taken under a lock held until the run commits, so a larger value
     * always committed later. The change feed's cursor follows it (history ids and times do not: two
     * scopes' runs overlap and commit in either order).
     */
    commitSeq: bigint("commit_seq", { mode: "number" }),
  },
  (t) => [
    check("sync_runs_trigger_check", sql`${t.trigger} in ('schedule', 'manual', 'cli')`),
    check("sync_runs_status_check", sql`${t.status} in ('running', 'succeeded', 'failed')`),
    check("sync_runs_walk_check", sql`${t.walk} in ('keyset', 'pages')`),
    index("sync_runs_scope_started_idx").on(t.scope, t.startedAt.desc()),
    uniqueIndex("sync_runs_commit_seq_key").on(t.commitSeq),
  ],
);

/**
 * The stored rows behind the `vss.iso_images` view. `last_seen_at` here is written only when a run writes
 * the row; the view adds "seen by the latest successful run", so that a no-op resync writes nothing.
 *
 * Partitioned by scope (LIST, one partition per scope, named by vss.iso_rows_partition(scope); see
 * migration 0006): a scope's first sync loads its partition with no index and attaches it, so the
 * indexes are built once, sorted, instead of updated row by row. Drizzle does not model partitioning;
 * the columns and indexes here are the parent's, and every partition has the same.
 */
export const isoImageRows = vss.table(
  "iso_image_rows",
  {
    /** Unique (one sequence for every scope) but not a key: a partitioned table's keys include scope. */
    id: bigserial("id", { mode: "number" }).notNull(),
    scope: text("scope").notNull(),
    vssId: bigint("vss_id", { mode: "number" }).notNull(),
    name: text("name").notNull(),
    path: text("path").notNull(),
    dataStore: text("data_store").notNull(),
    isPublic: boolean("is_public").notNull(),
    createdOn: instant("created_on").notNull(),
    updatedOn: instant("updated_on").notNull(),
    /** Upstream fields this schema does not model, verbatim. */
    extra: jsonb("extra").$type<Record<string, unknown>>().notNull().default({}),
    firstSeenAt: instant("first_seen_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
    deletedAt: instant("deleted_at"),
    /**
     * Hash of what the row stores of the item (content-hash.ts in @vss-mirror/sync): a resync sends
     * only (vss_id, hash) pairs, and the full item only when they differ. Empty until first written.
     */
    contentHash: text("content_hash").notNull().default(""),
    /**
     * `created_on` and `updated_on` exactly as the upstream sent them (the API serves these; the instants
     * above are for SQL). Rows migrated from before 0007 hold the instants' documented form until the next
     * sync writes what the upstream sends.
     */
    createdOnText: text("created_on_text").notNull(),
    updatedOnText: text("updated_on_text").notNull(),
  },
  (t) => [
    primaryKey({ name: "iso_image_rows_pkey", columns: [t.scope, t.vssId] }),
    // text_pattern_ops serves = and LIKE 'prefix%' whatever the database collation. No second, plain
    // index for ORDER BY name: every sync writes through each index, and sorting a scope is cheap.
    index("iso_image_rows_name_pattern_idx").on(t.name.op("text_pattern_ops")),
    index("iso_image_rows_path_idx").on(t.path.op("text_pattern_ops")),
    // No index on data_store: a handful of values, each matching most of a scope, so no query reads
    // fewer rows through it, and every sync would pay for it.
    index("iso_image_rows_updated_on_idx").on(t.updatedOn),
  ],
);

export const isoImageChanges = vss.table(
  "iso_image_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // The run that wrote it (vss.sync_runs.id). Not a foreign key: the sync engine writes history only
    // inside the run's own transaction, and checking the key row by row cost a cold mirror a third of
    // its history insert.
    runId: bigint("run_id", { mode: "number" }).notNull(),
    scope: text("scope").notNull(),
    vssId: bigint("vss_id", { mode: "number" }).notNull(),
    change: text("change", { enum: ["created", "updated", "deleted", "restored"] }).notNull(),
    /** Names of the iso_images columns that changed (every field for created). */
    fields: text("fields").array().notNull(),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [
    check(
      "iso_image_changes_change_check",
      sql`${t.change} in ('created', 'updated', 'deleted', 'restored')`,
    ),
    index("iso_image_changes_item_idx").on(t.scope, t.vssId),
    // History is append-only and `at` grows with it, so a BRIN index serves time ranges at almost no
    // cost per row written (a first sync writes one history row per item).
    index("iso_image_changes_at_idx").using("brin", t.at),
    index("iso_image_changes_run_idx").on(t.runId),
  ],
);

/**
 * One row per ISO ever seen per scope. A live row (deleted_at null) was seen by the scope's latest
 * successful run, which is when it was last seen.
 */
export const isoImages = vss
  .view("iso_images", {
    id: bigint("id", { mode: "number" }).notNull(),
    scope: text("scope").notNull(),
    vssId: bigint("vss_id", { mode: "number" }).notNull(),
    name: text("name").notNull(),
    path: text("path").notNull(),
    dataStore: text("data_store").notNull(),
    isPublic: boolean("is_public").notNull(),
    createdOn: instant("created_on").notNull(),
    updatedOn: instant("updated_on").notNull(),
    extra: jsonb("extra").$type<Record<string, unknown>>().notNull(),
    firstSeenAt: instant("first_seen_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
    deletedAt: instant("deleted_at"),
    createdOnText: text("created_on_text").notNull(),
    updatedOnText: text("updated_on_text").notNull(),
  })
  .as(
    sql`select r.id, r.scope, r.vss_id, r.name, r.path, r.data_store, r.is_public, r.created_on, r.updated_on,
  r.extra, r.first_seen_at,
  case when r.deleted_at is null then greatest(r.last_seen_at, s.seen_at) else r.last_seen_at end as last_seen_at,
  r.deleted_at, r.created_on_text, r.updated_on_text
from vss.iso_image_rows r
left join (
  select scope, max(started_at) as seen_at from vss.sync_runs where status = 'succeeded' group by scope
) s on s.scope = r.scope`,
  );

/**
 * Where each webhook subscriber is in the change feed: every change up to `cursor` was delivered (its
 * receiver answered 2xx). Subscribers themselves (URL, secret) come from configuration: secrets never go
 * in the database.
 */
export const webhookCursors = vss.table("webhook_cursors", {
  /** The subscriber's `id` in WEBHOOKS_FILE. */
  subscriberId: text("subscriber_id").primaryKey(),
  /** A change feed cursor (opaque; see @vss-mirror/feed). */
  cursor: text("cursor").notNull(),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});

/**
 * Which upstream this database mirrors: one row, written by the first sync (the API's URL, or the
 * built-in demo). A sync against another upstream refuses to run, so a mirror is never overwritten by
 * another upstream's data by mistake; `--reset-upstream` re-points it.
 */
export const mirrorUpstream = vss.table(
  "mirror_upstream",
  {
    /** Always true: the table holds one row. */
    only: boolean("only").primaryKey().default(true),
    /** The upstream's identity: its API URL (scheme, host, port, path; never credentials), or "demo". */
    upstream: text("upstream").notNull(),
    recordedAt: instant("recorded_at").notNull().defaultNow(),
  },
  (t) => [check("mirror_upstream_only_check", sql`${t.only}`)],
);
