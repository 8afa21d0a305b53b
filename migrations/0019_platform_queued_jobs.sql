-- How many jobs of a queue one workspace has waiting, for the job queue's fair priority
-- (job-queue.ts). The app role may not read the queue's tables, so a job enqueued in a workspace's
-- transaction used to step out of the workspace and then count, two statements; as a SECURITY
-- DEFINER function the count goes in the statement that steps out. Called in a workspace's scope
-- it counts that workspace only. PL/pgSQL, so that pg-boss may create its tables after this runs.
CREATE FUNCTION "platform"."queued_jobs"("p_name" text, "p_group" text) RETURNS integer
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  v_count integer;
BEGIN
  IF current_setting('role') <> 'none' AND p_group IS DISTINCT FROM nullif(current_setting('app.workspace_id', true), '') THEN
    RAISE EXCEPTION 'platform.queued_jobs counts the jobs of the workspace it is called in, not of %', p_group;
  END IF;
  SELECT count(*)::integer INTO v_count FROM pgboss.job j
  WHERE j.name = p_name AND j.group_id = p_group AND j.state IN ('created', 'retry');
  RETURN v_count;
END
$$;
