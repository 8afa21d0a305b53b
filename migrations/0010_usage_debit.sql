-- Draws credits from a workspace's grants, soonest-expiring first, and returns what came from
-- which grant ([{grantId, amount}], in spending order: a settlement gives back to the grants
-- drawn last). The caller holds the workspace's balance row, so no other movement changes the
-- grants meanwhile. A grant past its expiry that the expiry job has not reached yet is still in
-- the balance, so it is spent first rather than disagreeing with the ledger.
CREATE FUNCTION "usage"."draw_from_grants"("p_workspace_id" uuid, "p_amount" bigint) RETURNS jsonb
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_drawn numeric;
  v_allocations jsonb;
BEGIN
  -- Most debits fit in the first grant: one row, no running sum over all of them.
  UPDATE usage.credit_grants g SET remaining = g.remaining - p_amount
  WHERE g.id = (SELECT f.id FROM usage.credit_grants f WHERE f.workspace_id = p_workspace_id AND f.remaining > 0
                ORDER BY f.expires_at ASC NULLS LAST, f.created_at, f.id LIMIT 1)
    AND g.remaining >= p_amount
  RETURNING jsonb_build_array(jsonb_build_object('grantId', g.id, 'amount', p_amount)) INTO v_allocations;
  IF FOUND THEN
    RETURN v_allocations;
  END IF;

  WITH ordered AS (
    SELECT g.id, g.remaining, sum(g.remaining) OVER (ORDER BY g.expires_at ASC NULLS LAST, g.created_at, g.id) AS running
    FROM usage.credit_grants g
    WHERE g.workspace_id = p_workspace_id AND g.remaining > 0
  ), taken AS (
    SELECT o.id, o.running, least(o.remaining, p_amount - (o.running - o.remaining)) AS take
    FROM ordered o
    WHERE o.running - o.remaining < p_amount
  ), drawn AS (
    UPDATE usage.credit_grants g SET remaining = g.remaining - t.take FROM taken t WHERE g.id = t.id
    RETURNING g.id, t.take, t.running
  )
  SELECT coalesce(sum(d.take), 0), coalesce(jsonb_agg(jsonb_build_object('grantId', d.id, 'amount', d.take) ORDER BY d.running), '[]')
  INTO v_drawn, v_allocations
  FROM drawn d;
  -- The balance is the sum of the grants' remainders; a shortfall is a broken invariant, not a user error.
  IF v_drawn <> p_amount THEN
    RAISE EXCEPTION 'drew % of % credits from the grants of %', v_drawn, p_amount, p_workspace_id;
  END IF;
  RETURN v_allocations;
END
$$;
--> statement-breakpoint
-- A debit (consume or reserve) in one statement, called through tenantCall (ledger-debit.ts):
-- in autocommit it is one round trip, and the balance row is locked only while it runs and
-- commits. The request is ledger-debit.ts's; the answer's outcome is
--   debited      the credits were taken: the new entry (and reservation) and the balance after;
--   replayed     the key already did exactly this: the first answer, from the entry it wrote;
--   conflict     the key was used for something else: nothing written;
--   insufficient the balance does not cover the amount: nothing written, and the balance.
CREATE FUNCTION "usage"."debit"("p_workspace_id" uuid, "p_request" jsonb,
    OUT "outcome" text, OUT "entry_id" uuid, OUT "reservation_id" uuid, OUT "balance" bigint)
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_kind text := p_request->>'kind';
  v_key text := p_request->>'key';
  v_arguments_hash text := p_request->>'argumentsHash';
  v_amount bigint := (p_request->>'amount')::bigint;
  v_entry_id uuid := (p_request->>'entryId')::uuid;
  v_reservation_id uuid := (p_request->>'reservationId')::uuid;
  v_threshold bigint := (p_request->>'lowThreshold')::bigint;
  v_balance bigint;
  v_was_low boolean;
  v_claimed boolean := false;
  v_used_hash text;
  v_allocations jsonb;
BEGIN
  -- The balance row first and the key second, like every movement of the ledger: two movements
  -- in one transaction then never wait on a key that waits on their balance row (a deadlock).
  -- From here on no other movement of this workspace runs, nor claims one of its keys.
  SELECT b.balance, b.low_announced INTO v_balance, v_was_low
  FROM usage.credit_balances b WHERE b.workspace_id = p_workspace_id FOR UPDATE;
  v_balance := coalesce(v_balance, 0);

  -- A debit the balance covers claims its key at once; the key's earlier use, if any, answers.
  IF v_balance >= v_amount THEN
    INSERT INTO usage.credit_operations (workspace_id, key, kind, arguments_hash)
    VALUES (p_workspace_id, v_key, v_kind, v_arguments_hash)
    ON CONFLICT DO NOTHING;
    v_claimed := FOUND;
  END IF;
  IF NOT v_claimed THEN
    SELECT o.arguments_hash INTO v_used_hash
    FROM usage.credit_operations o WHERE o.workspace_id = p_workspace_id AND o.key = v_key;
    IF NOT FOUND THEN
      outcome := 'insufficient';
      balance := v_balance;
    ELSIF v_used_hash <> v_arguments_hash THEN
      outcome := 'conflict';
    ELSE
      SELECT 'replayed', e.id, e.reservation_id, e.balance_after INTO outcome, entry_id, reservation_id, balance
      FROM usage.credit_entries e
      WHERE e.workspace_id = p_workspace_id AND e.operation_key = v_key AND e.type = v_kind;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'operation % has no % entry', v_key, v_kind;
      END IF;
    END IF;
    RETURN;
  END IF;

  UPDATE usage.credit_balances b SET balance = b.balance - v_amount, updated_at = now()
  WHERE b.workspace_id = p_workspace_id
  RETURNING b.balance INTO v_balance;
  v_allocations := usage.draw_from_grants(p_workspace_id, v_amount);
  IF v_kind = 'reserve' THEN
    INSERT INTO usage.credit_reservations (id, workspace_id, amount, allocations, expires_at)
    VALUES (v_reservation_id, p_workspace_id, v_amount, v_allocations, (p_request->>'reservationExpiresAt')::timestamptz);
  END IF;
  INSERT INTO usage.credit_entries (id, workspace_id, type, amount, balance_after, reservation_id, operation_key, description)
  VALUES (v_entry_id, p_workspace_id, v_kind, -v_amount, v_balance, v_reservation_id, v_key, p_request->>'description');

  -- The payloads of credits.consumed, credits.reserved and credits.low (events.ts).
  PERFORM platform.append_event(p_request->'event', p_workspace_id, CASE v_kind
    WHEN 'consume' THEN jsonb_build_object('entryId', v_entry_id, 'amount', v_amount, 'balance', v_balance)
    ELSE jsonb_build_object('reservationId', v_reservation_id, 'amount', v_amount, 'balance', v_balance)
  END);
  -- Once per fall below the threshold; a credit that lifts the balance back re-arms it.
  IF NOT v_was_low AND v_balance < v_threshold THEN
    UPDATE usage.credit_balances b SET low_announced = true WHERE b.workspace_id = p_workspace_id;
    PERFORM platform.append_event(p_request->'lowEvent', p_workspace_id, jsonb_build_object('balance', v_balance, 'threshold', v_threshold));
  END IF;

  outcome := 'debited';
  entry_id := v_entry_id;
  reservation_id := v_reservation_id;
  balance := v_balance;
END
$$;
