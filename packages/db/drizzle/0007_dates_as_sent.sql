-- Written by hand from drizzle-kit's draft. vss.iso_image_rows keeps each date's text as the upstream
-- sent it (created_on_text, updated_on_text) beside the instants. Rows stored before this have no such
-- text: they get the instants' documented form (Toronto time, `YYYY-MM-DD HH:MM:SS EST|EDT`) and an
-- empty content_hash, so the next sync of their scope re-reads every item and writes the upstream's
-- own text (as a correction, with no history: see merge-batch.ts in @vss-mirror/sync). The view gains
-- the columns at its end, so CREATE OR REPLACE keeps views that depend on it.
ALTER TABLE "vss"."iso_image_rows" ADD COLUMN "created_on_text" text;
--> statement-breakpoint
ALTER TABLE "vss"."iso_image_rows" ADD COLUMN "updated_on_text" text;
--> statement-breakpoint
UPDATE "vss"."iso_image_rows" SET
  "created_on_text" = to_char("created_on" at time zone 'America/Toronto', 'YYYY-MM-DD HH24:MI:SS')
    || case when ("created_on" at time zone 'America/Toronto') - ("created_on" at time zone 'UTC')
         = interval '-4 hours' then ' EDT' else ' EST' end,
  "updated_on_text" = to_char("updated_on" at time zone 'America/Toronto', 'YYYY-MM-DD HH24:MI:SS')
    || case when ("updated_on" at time zone 'America/Toronto') - ("updated_on" at time zone 'UTC')
         = interval '-4 hours' then ' EDT' else ' EST' end,
  "content_hash" = '';
--> statement-breakpoint
ALTER TABLE "vss"."iso_image_rows" ALTER COLUMN "created_on_text" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "vss"."iso_image_rows" ALTER COLUMN "updated_on_text" SET NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE VIEW "vss"."iso_images" AS (select r.id, r.scope, r.vss_id, r.name, r.path, r.data_store, r.is_public, r.created_on, r.updated_on,
  r.extra, r.first_seen_at,
  case when r.deleted_at is null then greatest(r.last_seen_at, s.seen_at) else r.last_seen_at end as last_seen_at,
  r.deleted_at, r.created_on_text, r.updated_on_text
from vss.iso_image_rows r
left join (
  select scope, max(started_at) as seen_at from vss.sync_runs where status = 'succeeded' group by scope
) s on s.scope = r.scope);
