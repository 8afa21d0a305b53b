-- The credit ledger is append-only: an entry is never updated or deleted, by anyone.
CREATE FUNCTION "usage"."forbid_credit_entry_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'usage.credit_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "credit_entries_append_only" BEFORE UPDATE OR DELETE ON "usage"."credit_entries"
  FOR EACH ROW EXECUTE FUNCTION "usage"."forbid_credit_entry_change"();
--> statement-breakpoint
CREATE TRIGGER "credit_entries_no_truncate" BEFORE TRUNCATE ON "usage"."credit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "usage"."forbid_credit_entry_change"();
