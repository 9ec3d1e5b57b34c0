CREATE TABLE "vss"."webhook_cursors" (
	"subscriber_id" text PRIMARY KEY NOT NULL,
	"cursor" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
