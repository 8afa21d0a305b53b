CREATE SCHEMA "generation";
--> statement-breakpoint
CREATE TABLE "generation"."generations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"task" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" uuid,
	"request_key" text,
	"model_chain" jsonb NOT NULL,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"input" jsonb NOT NULL,
	"output" jsonb,
	"error" jsonb,
	"progress" jsonb,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"credits_reserved" bigint NOT NULL,
	"credits_charged" bigint,
	"cost_usd_micros" bigint DEFAULT 0 NOT NULL,
	"reservation_id" uuid NOT NULL,
	"latency_ms" integer,
	"cancel_requested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "generations_charge_within_reservation" CHECK ("generation"."generations"."credits_charged" is null or "generation"."generations"."credits_charged" <= "generation"."generations"."credits_reserved")
);
--> statement-breakpoint
CREATE TABLE "generation"."model_overrides" (
	"id" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generation"."provider_keys" (
	"workspace_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"sealed_key" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_keys_workspace_id_provider_pk" PRIMARY KEY("workspace_id","provider")
);
--> statement-breakpoint
CREATE TABLE "generation"."task_defaults" (
	"workspace_id" uuid NOT NULL,
	"task" text NOT NULL,
	"model" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_defaults_workspace_id_task_pk" PRIMARY KEY("workspace_id","task")
);
--> statement-breakpoint
CREATE INDEX "generations_workspace_created_idx" ON "generation"."generations" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "generations_request_key_idx" ON "generation"."generations" USING btree ("workspace_id","request_key");--> statement-breakpoint
CREATE INDEX "generations_unfinished_idx" ON "generation"."generations" USING btree ("status","created_at") WHERE status in ('queued', 'running');