-- A site's history is append-only: a revision is never updated or deleted, by anyone.
CREATE FUNCTION "sites"."forbid_revision_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sites.revisions is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "revisions_append_only" BEFORE UPDATE OR DELETE ON "sites"."revisions"
  FOR EACH ROW EXECUTE FUNCTION "sites"."forbid_revision_change"();
--> statement-breakpoint
CREATE TRIGGER "revisions_no_truncate" BEFORE TRUNCATE ON "sites"."revisions"
  FOR EACH STATEMENT EXECUTE FUNCTION "sites"."forbid_revision_change"();
