CREATE SCHEMA "usage";
--> statement-breakpoint
CREATE TABLE "usage"."credit_balances" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"low_announced" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_balances_not_negative" CHECK ("usage"."credit_balances"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "usage"."credit_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"type" text NOT NULL,
	"amount" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"grant_id" uuid,
	"reservation_id" uuid,
	"operation_key" text,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage"."credit_grants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source" text NOT NULL,
	"amount" bigint NOT NULL,
	"remaining" bigint NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_grants_remaining_in_range" CHECK ("usage"."credit_grants"."remaining" >= 0 and "usage"."credit_grants"."remaining" <= "usage"."credit_grants"."amount")
);
--> statement-breakpoint
CREATE TABLE "usage"."credit_operations" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"arguments_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_operations_workspace_id_key_pk" PRIMARY KEY("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "usage"."credit_reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"charged" bigint,
	"allocations" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage"."usage_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"meter" text NOT NULL,
	"quantity" bigint NOT NULL,
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"key" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage"."workspace_plans" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"plan" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"cycle_day" integer NOT NULL,
	"next_allowance_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "credit_entries_workspace_created_idx" ON "usage"."credit_entries" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_grants_spendable_idx" ON "usage"."credit_grants" USING btree ("workspace_id","expires_at");--> statement-breakpoint
CREATE INDEX "credit_reservations_held_idx" ON "usage"."credit_reservations" USING btree ("status","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_key_idx" ON "usage"."usage_records" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE INDEX "usage_records_meter_time_idx" ON "usage"."usage_records" USING btree ("workspace_id","meter","occurred_at");--> statement-breakpoint
CREATE INDEX "workspace_plans_next_allowance_idx" ON "usage"."workspace_plans" USING btree ("next_allowance_at");