CREATE SCHEMA "sites";
--> statement-breakpoint
CREATE TABLE "sites"."form_submissions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"page" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites"."page_views" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"path" text NOT NULL,
	"referrer_host" text,
	"device" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites"."revisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"document" jsonb NOT NULL,
	"schema_version" integer NOT NULL,
	"cause" text NOT NULL,
	"author_id" uuid,
	"based_on" uuid,
	"reverted_to" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites"."sites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"brief" text NOT NULL,
	"current_revision_id" uuid,
	"published_revision_id" uuid,
	"published_at" timestamp with time zone,
	"generation_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "form_submissions_site_idx" ON "sites"."form_submissions" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "page_views_site_time_idx" ON "sites"."page_views" USING btree ("site_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "revisions_site_number_idx" ON "sites"."revisions" USING btree ("site_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "sites_slug_idx" ON "sites"."sites" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "sites_workspace_idx" ON "sites"."sites" USING btree ("workspace_id","created_at");