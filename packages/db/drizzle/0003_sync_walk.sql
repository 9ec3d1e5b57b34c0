ALTER TABLE "vss"."sync_runs" ADD COLUMN "walk" text;--> statement-breakpoint
ALTER TABLE "vss"."sync_runs" ADD COLUMN "upstream_total" integer;--> statement-breakpoint
ALTER TABLE "vss"."sync_runs" ADD CONSTRAINT "sync_runs_walk_check" CHECK ("vss"."sync_runs"."walk" in ('keyset', 'pages'));