CREATE TABLE "generation"."daily_requests" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"requested" integer NOT NULL,
	CONSTRAINT "daily_requests_workspace_id_day_pk" PRIMARY KEY("workspace_id","day")
);
--> statement-breakpoint
-- The days already on record, counted once from the records, as the limit counted them until now.
INSERT INTO "generation"."daily_requests" ("workspace_id", "day", "requested")
SELECT "workspace_id", ("created_at" AT TIME ZONE 'utc')::date, count(*)::integer
FROM "generation"."generations"
GROUP BY 1, 2;
