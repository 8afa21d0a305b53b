CREATE TABLE "platform"."mail_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text,
	"status" text NOT NULL,
	"transport" text NOT NULL,
	"smtp_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "mail_messages_job_id_unique" UNIQUE("job_id")
);
--> statement-breakpoint
CREATE INDEX "mail_messages_created_at_idx" ON "platform"."mail_messages" USING btree ("created_at");