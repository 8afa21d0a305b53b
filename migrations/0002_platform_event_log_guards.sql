-- The event log is append-only: no role, however privileged, updates or deletes a fact.
CREATE FUNCTION "platform"."forbid_event_log_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'platform.event_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "event_log_append_only" BEFORE UPDATE OR DELETE ON "platform"."event_log"
  FOR EACH ROW EXECUTE FUNCTION "platform"."forbid_event_log_change"();
--> statement-breakpoint
CREATE TRIGGER "event_log_no_truncate" BEFORE TRUNCATE ON "platform"."event_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "platform"."forbid_event_log_change"();
--> statement-breakpoint
-- Wakes the dispatchers when a transaction that appended events commits (NOTIFY is delivered
-- at commit, once per transaction and channel).
CREATE FUNCTION "platform"."notify_events_appended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('atelier_events', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "event_log_notify" AFTER INSERT ON "platform"."event_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "platform"."notify_events_appended"();
