CREATE SCHEMA "vss";
--> statement-breakpoint
CREATE TABLE "vss"."iso_image_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"scope" text NOT NULL,
	"vss_id" bigint NOT NULL,
	"change" text NOT NULL,
	"fields" text[] NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "iso_image_changes_change_check" CHECK ("vss"."iso_image_changes"."change" in ('created', 'updated', 'deleted', 'restored'))
);
--> statement-breakpoint
CREATE TABLE "vss"."iso_image_rows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"vss_id" bigint NOT NULL,
	"name" text NOT NULL,
	"path" text NOT NULL,
	"data_store" text NOT NULL,
	"is_public" boolean NOT NULL,
	"created_on" timestamp with time zone NOT NULL,
	"updated_on" timestamp with time zone NOT NULL,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "iso_image_rows_scope_vss_id_key" UNIQUE("scope","vss_id")
);
--> statement-breakpoint
CREATE TABLE "vss"."sync_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"pages" integer DEFAULT 0 NOT NULL,
	"items_seen" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"http_requests" integer DEFAULT 0 NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"error" text,
	"job_id" text,
	CONSTRAINT "sync_runs_trigger_check" CHECK ("vss"."sync_runs"."trigger" in ('schedule', 'manual', 'cli')),
	CONSTRAINT "sync_runs_status_check" CHECK ("vss"."sync_runs"."status" in ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "vss"."iso_image_changes" ADD CONSTRAINT "iso_image_changes_run_id_sync_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "vss"."sync_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "iso_image_changes_item_idx" ON "vss"."iso_image_changes" USING btree ("scope","vss_id");--> statement-breakpoint
CREATE INDEX "iso_image_changes_at_idx" ON "vss"."iso_image_changes" USING brin ("at");--> statement-breakpoint
CREATE INDEX "iso_image_changes_run_idx" ON "vss"."iso_image_changes" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "iso_image_rows_name_pattern_idx" ON "vss"."iso_image_rows" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "iso_image_rows_path_idx" ON "vss"."iso_image_rows" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "iso_image_rows_data_store_idx" ON "vss"."iso_image_rows" USING btree ("data_store");--> statement-breakpoint
CREATE INDEX "iso_image_rows_updated_on_idx" ON "vss"."iso_image_rows" USING btree ("updated_on");--> statement-breakpoint
CREATE INDEX "sync_runs_scope_started_idx" ON "vss"."sync_runs" USING btree ("scope","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE VIEW "vss"."iso_images" AS (select r.id, r.scope, r.vss_id, r.name, r.path, r.data_store, r.is_public, r.created_on, r.updated_on,
  r.extra, r.first_seen_at,
  case when r.deleted_at is null then greatest(r.last_seen_at, s.seen_at) else r.last_seen_at end as last_seen_at,
  r.deleted_at
from vss.iso_image_rows r
left join (
  select scope, max(started_at) as seen_at from vss.sync_runs where status = 'succeeded' group by scope
) s on s.scope = r.scope);