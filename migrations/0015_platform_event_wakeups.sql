-- NOTIFY makes every transaction that sent one commit in turn with all the others that did, server
-- wide (PostgreSQL holds a global lock from the notify queue's pre-commit to the end of the
-- commit), so a hot path of small transactions that each append an event cannot share a WAL
-- flush. A statement that sets app.event_wakeup to 'caller' promises that its caller wakes the
-- dispatchers itself once it has committed (tenantCall does, coalescing the wake-ups of many
-- calls into one NOTIFY); every other transaction still notifies here.
CREATE OR REPLACE FUNCTION "platform"."notify_events_appended"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('app.event_wakeup', true), '') <> 'caller' THEN
    PERFORM pg_notify('atelier_events', '');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- enter_workspace for one autocommit tenantCall statement: the same scope, and the wake-up left
-- to the caller.
CREATE FUNCTION "platform"."enter_workspace_for_call"("workspace_id" uuid, "app_role" text) RETURNS uuid
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('app.event_wakeup', 'caller', true);
  RETURN platform.enter_workspace(workspace_id, app_role);
END
$$;
