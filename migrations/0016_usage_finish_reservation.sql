-- Ends a reservation in one statement (settle, release, or the sweeper's timeout), as usage.debit
-- takes credits: a settlement used to be eight statements, and on PGlite each costs a fraction of
-- a millisecond. Called from ledger.ts's finish() inside the caller's transaction; the request
-- is finish()'s. The answer's outcome is
--   finished     done: what was charged and given back, and the balance after;
--   replayed     the key already did exactly this: the first answer, from the entry it wrote;
--   key_conflict the key was used for something else;
--   not_found    no such reservation in this workspace;
--   not_held     the reservation already ended (status says how); for a timeout that is no error;
--   over_reserved the actual cost is more than was reserved.
-- Nothing is written unless the outcome is finished (or a timeout that found it ended, which
-- claims its key like the TypeScript it replaces).
CREATE FUNCTION "usage"."finish_reservation"("p_workspace_id" uuid, "p_request" jsonb,
    OUT "outcome" text, OUT "charged" bigint, OUT "released" bigint, OUT "balance" bigint,
    OUT "status" text, OUT "reserved" bigint)
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_how text := p_request->>'how';
  v_kind text := CASE WHEN p_request->>'how' = 'timeout' THEN 'release' ELSE p_request->>'how' END;
  v_key text := p_request->>'key';
  v_hash text := p_request->>'argumentsHash';
  v_reservation_id uuid := (p_request->>'reservationId')::uuid;
  v_actual bigint := (p_request->>'actual')::bigint;
  v_locked bigint;
  v_used_hash text;
  v_replay boolean;
  v_reservation usage.credit_reservations%ROWTYPE;
  v_left bigint;
  v_share bigint;
  v_allocation jsonb;
  v_at integer;
BEGIN
  -- The balance row first, like every movement, so two finishes of one reservation queue up.
  INSERT INTO usage.credit_balances AS b (workspace_id) VALUES (p_workspace_id)
  ON CONFLICT (workspace_id) DO UPDATE SET balance = b.balance
  RETURNING b.balance INTO v_locked;

  SELECT * INTO v_reservation FROM usage.credit_reservations r WHERE r.id = v_reservation_id AND r.workspace_id = p_workspace_id;
  -- Under the balance row's lock no other movement of this workspace claims a key, so a look
  -- before the claim is as good as the claim's own conflict.
  SELECT o.arguments_hash INTO v_used_hash FROM usage.credit_operations o WHERE o.workspace_id = p_workspace_id AND o.key = v_key;
  v_replay := FOUND;
  IF v_replay AND v_used_hash <> v_hash THEN
    outcome := 'key_conflict';
    RETURN;
  END IF;
  IF v_reservation.id IS NULL THEN
    outcome := 'not_found';
    RETURN;
  END IF;
  IF v_replay THEN
    charged := coalesce(v_reservation.charged, 0);
    released := v_reservation.amount - charged;
    SELECT e.balance_after INTO balance FROM usage.credit_entries e
    WHERE e.workspace_id = p_workspace_id AND e.operation_key = v_key AND e.type = CASE WHEN released > 0 THEN 'release' ELSE 'settle' END;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'operation % has no entry', v_key;
    END IF;
    outcome := 'replayed';
    RETURN;
  END IF;

  status := v_reservation.status;
  reserved := v_reservation.amount;
  IF v_reservation.status <> 'held' THEN
    outcome := 'not_held';
    -- Settled between the sweeper's look and now: nothing is left to release.
    IF v_how = 'timeout' THEN
      INSERT INTO usage.credit_operations (workspace_id, key, kind, arguments_hash) VALUES (p_workspace_id, v_key, v_kind, v_hash);
      charged := coalesce(v_reservation.charged, 0);
      released := 0;
      balance := v_locked;
    END IF;
    RETURN;
  END IF;
  IF v_actual > v_reservation.amount THEN
    outcome := 'over_reserved';
    RETURN;
  END IF;
  INSERT INTO usage.credit_operations (workspace_id, key, kind, arguments_hash) VALUES (p_workspace_id, v_key, v_kind, v_hash);

  released := v_reservation.amount - v_actual;
  charged := v_actual;
  -- Give back to the grants drawn last (the latest-expiring), so what was spent came from the
  -- soonest. A share returned to a grant past its expiry is like any credit the expiry job has not
  -- reached yet: in the balance, spent first, and taken by the job's next run.
  v_left := released;
  v_at := jsonb_array_length(v_reservation.allocations) - 1;
  WHILE v_left > 0 AND v_at >= 0 LOOP
    v_allocation := v_reservation.allocations->v_at;
    v_share := least(v_left, (v_allocation->>'amount')::bigint);
    UPDATE usage.credit_grants g SET remaining = g.remaining + v_share WHERE g.id = (v_allocation->>'grantId')::uuid;
    v_left := v_left - v_share;
    v_at := v_at - 1;
  END LOOP;

  IF released > 0 THEN
    -- A balance back at the threshold re-arms credits.low.
    UPDATE usage.credit_balances b
    SET balance = b.balance + released, updated_at = now(),
        low_announced = b.low_announced AND b.balance + released < (p_request->>'lowThreshold')::bigint
    WHERE b.workspace_id = p_workspace_id
    RETURNING b.balance INTO balance;
  ELSE
    balance := v_locked;
  END IF;
  UPDATE usage.credit_reservations r SET status = CASE WHEN v_how = 'settle' THEN 'settled' ELSE 'released' END, charged = v_actual
  WHERE r.id = v_reservation_id;

  IF v_how = 'settle' THEN
    INSERT INTO usage.credit_entries (id, workspace_id, type, amount, balance_after, reservation_id, operation_key, description)
    VALUES ((p_request->>'settleEntryId')::uuid, p_workspace_id, 'settle', 0, v_locked, v_reservation_id, v_key,
            format('charged %s of %s', v_actual, v_reservation.amount));
  END IF;
  IF released > 0 THEN
    INSERT INTO usage.credit_entries (id, workspace_id, type, amount, balance_after, reservation_id, operation_key)
    VALUES ((p_request->>'releaseEntryId')::uuid, p_workspace_id, 'release', released, balance, v_reservation_id, v_key);
  END IF;

  -- The payloads of credits.settled and credits.released (events.ts).
  PERFORM platform.append_event(p_request->'event', p_workspace_id, CASE WHEN v_how = 'settle'
    THEN jsonb_build_object('reservationId', v_reservation_id, 'charged', v_actual, 'released', released, 'balance', balance)
    ELSE jsonb_build_object('reservationId', v_reservation_id, 'amount', released, 'balance', balance,
                            'reason', CASE WHEN v_how = 'timeout' THEN 'timed_out' ELSE 'released' END)
  END);
  outcome := 'finished';
END
$$;
