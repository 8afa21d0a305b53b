CREATE TABLE "platform"."job_progress" (
	"job_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid,
	"job" text NOT NULL,
	"progress" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_progress_updated_at_idx" ON "platform"."job_progress" USING btree ("updated_at");