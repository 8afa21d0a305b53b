-- Enters one workspace for the rest of the current transaction: the setting that row-level
-- security reads and the app role, which has no BYPASSRLS (tenancy.ts names the role, in
-- app-role.ts). A function, so that one autocommit statement can enter a workspace before it
-- calls a function in it (tenantCall); tenant() enters through it too.
CREATE FUNCTION "platform"."enter_workspace"("workspace_id" uuid, "app_role" text) RETURNS uuid
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('app.workspace_id', workspace_id::text, true), set_config('role', app_role, true);
  RETURN workspace_id;
END
$$;
--> statement-breakpoint
-- Appends one event from inside a database function, in the statement that makes the change:
-- the envelope (id, type, version, actor, trace id) is eventEnvelope()'s, made in TypeScript as
-- appendEvent makes them; the caller supplies the payload it computed.
CREATE FUNCTION "platform"."append_event"("event_envelope" jsonb, "event_workspace_id" uuid, "event_payload" jsonb) RETURNS void
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO platform.event_log (id, workspace_id, type, version, payload, actor, trace_id)
  VALUES ((event_envelope->>'id')::uuid, event_workspace_id, event_envelope->>'type', (event_envelope->>'version')::integer,
          event_payload, event_envelope->>'actor', event_envelope->>'traceId');
END
$$;
