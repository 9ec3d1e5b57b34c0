CREATE TABLE "vss"."mirror_upstream" (
	"only" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"upstream" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mirror_upstream_only_check" CHECK ("vss"."mirror_upstream"."only")
);
