CREATE SEQUENCE "vss"."commit_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "vss"."sync_runs" ADD COLUMN "commit_seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_commit_seq_key" ON "vss"."sync_runs" USING btree ("commit_seq");