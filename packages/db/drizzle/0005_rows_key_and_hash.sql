-- Written by hand from drizzle-kit's draft (it cannot drop a primary key it did not name): the SQL
-- for schema.ts's change, plus what Drizzle does not model. vss.iso_image_rows becomes partitioned
-- by scope, one partition per scope named by vss.iso_rows_partition(scope), keyed by (scope, vss_id)
-- (a partitioned table's keys include its partition key, so id is no longer one), and gains
-- content_hash. Every existing row moves to its scope's partition; ids, the sequence and the view stay.
CREATE FUNCTION "vss"."iso_rows_partition"(scope text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ select 'iso_image_rows_' || left(regexp_replace(lower(scope), '[^a-z0-9]+', '', 'g'), 24) || '_' || left(md5(scope), 8) $$;
--> statement-breakpoint
CREATE TABLE "vss"."iso_image_rows_parted" (
	LIKE "vss"."iso_image_rows" INCLUDING DEFAULTS,
	"content_hash" text DEFAULT '' NOT NULL
) PARTITION BY LIST ("scope");
--> statement-breakpoint
DO $$
DECLARE
  s text;
BEGIN
  FOR s IN SELECT DISTINCT scope FROM "vss"."iso_image_rows" LOOP
    EXECUTE format('CREATE TABLE vss.%I (LIKE vss.iso_image_rows_parted INCLUDING DEFAULTS)', vss.iso_rows_partition(s));
    EXECUTE format('INSERT INTO vss.%I SELECT *, %L FROM vss.iso_image_rows WHERE scope = %L',
      vss.iso_rows_partition(s), '', s);
    EXECUTE format('ALTER TABLE vss.iso_image_rows_parted ATTACH PARTITION vss.%I FOR VALUES IN (%L)',
      vss.iso_rows_partition(s), s);
  END LOOP;
END $$;
--> statement-breakpoint
DROP VIEW "vss"."iso_images";
--> statement-breakpoint
ALTER SEQUENCE "vss"."iso_image_rows_id_seq" OWNED BY NONE;
--> statement-breakpoint
DROP TABLE "vss"."iso_image_rows";
--> statement-breakpoint
ALTER TABLE "vss"."iso_image_rows_parted" RENAME TO "iso_image_rows";
--> statement-breakpoint
ALTER SEQUENCE "vss"."iso_image_rows_id_seq" OWNED BY "vss"."iso_image_rows"."id";
--> statement-breakpoint
ALTER TABLE "vss"."iso_image_rows" ADD CONSTRAINT "iso_image_rows_pkey" PRIMARY KEY("scope","vss_id");
--> statement-breakpoint
CREATE INDEX "iso_image_rows_name_pattern_idx" ON "vss"."iso_image_rows" USING btree ("name" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "iso_image_rows_path_idx" ON "vss"."iso_image_rows" USING btree ("path" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "iso_image_rows_updated_on_idx" ON "vss"."iso_image_rows" USING btree ("updated_on");
--> statement-breakpoint
CREATE VIEW "vss"."iso_images" AS (select r.id, r.scope, r.vss_id, r.name, r.path, r.data_store, r.is_public, r.created_on, r.updated_on,
  r.extra, r.first_seen_at,
  case when r.deleted_at is null then greatest(r.last_seen_at, s.seen_at) else r.last_seen_at end as last_seen_at,
  r.deleted_at
from vss.iso_image_rows r
left join (
  select scope, max(started_at) as seen_at from vss.sync_runs where status = 'succeeded' group by scope
) s on s.scope = r.scope);
