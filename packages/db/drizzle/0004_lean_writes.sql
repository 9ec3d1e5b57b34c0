ALTER TABLE "vss"."iso_image_changes" DROP CONSTRAINT "iso_image_changes_run_id_sync_runs_id_fk";
--> statement-breakpoint
DROP INDEX "vss"."iso_image_rows_data_store_idx";