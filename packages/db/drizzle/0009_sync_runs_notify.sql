-- Every change to a sync run (its start, its end with or without a commit, its removal) is announced on channel
-- vss_sync_runs with the run's scope as payload. NOTIFY inside a transaction is delivered when it commits,
-- so a listener (the API, which keeps each scope's last commit in memory) hears a run's commit no sooner
-- than it can read it. Sessions that do not listen pay nothing but the queue entry.
CREATE FUNCTION "vss"."notify_sync_run"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vss_sync_runs', coalesce(NEW.scope, OLD.scope));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "sync_runs_notify" AFTER INSERT OR UPDATE OR DELETE ON "vss"."sync_runs"
  FOR EACH ROW EXECUTE FUNCTION "vss"."notify_sync_run"();
