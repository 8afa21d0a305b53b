-- A generation's run writes its record twice on the way to its end whatever the task: once when
-- it starts and once per call attempt. Each was a transaction of four statements (BEGIN, the
-- scope, the write, COMMIT); as database functions each is one autocommit tenantCall statement
-- (run-generation.ts, model-chain.ts), planned once per connection. Both run in the caller's
-- workspace scope, under row-level security, and append no events.

-- Marks a queued generation running and answers its record; one that ended, is running already
-- or was asked to cancel is answered as it is (no row: no such generation in this workspace).
CREATE FUNCTION "generation"."start_run"("p_workspace_id" uuid, "p_request" jsonb)
  RETURNS SETOF "generation"."generations"
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_id uuid := (p_request->>'generationId')::uuid;
BEGIN
  RETURN QUERY
    UPDATE generation.generations g SET status = 'running', started_at = coalesce(g.started_at, now())
    WHERE g.id = v_id AND g.workspace_id = p_workspace_id AND g.status = 'queued' AND g.cancel_requested_at IS NULL
    RETURNING g.*;
  IF NOT FOUND THEN
    RETURN QUERY SELECT * FROM generation.generations g WHERE g.id = v_id AND g.workspace_id = p_workspace_id;
  END IF;
END
$$;
--> statement-breakpoint
-- Adds one call attempt to a generation's record with what it used (tokens, the provider's cost
-- in millionths of a dollar), as it happens, so that a crash loses none of it.
CREATE FUNCTION "generation"."add_attempt"("p_workspace_id" uuid, "p_request" jsonb, OUT "added" boolean)
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  UPDATE generation.generations g
  SET attempts = g.attempts || jsonb_build_array(p_request->'attempt'),
      tokens_in = g.tokens_in + (p_request->'attempt'->>'tokensIn')::integer,
      tokens_out = g.tokens_out + (p_request->'attempt'->>'tokensOut')::integer,
      cost_usd_micros = g.cost_usd_micros + (p_request->>'costUsdMicros')::bigint
  WHERE g.id = (p_request->>'generationId')::uuid AND g.workspace_id = p_workspace_id;
  added := FOUND;
END
$$;
