CREATE TABLE "push_devices" (
	"token" text PRIMARY KEY NOT NULL,
	"user_role" "user_role" NOT NULL,
	"user_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_devices_platform" CHECK ("push_devices"."platform" IN ('ios', 'android', 'web'))
);
--> statement-breakpoint
ALTER TABLE "ride_events" ADD COLUMN "client_event_id" text;--> statement-breakpoint
CREATE INDEX "push_devices_user_idx" ON "push_devices" USING btree ("user_role","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ride_events_client_event_id" ON "ride_events" USING btree ("ride_id","client_event_id") WHERE "ride_events"."client_event_id" IS NOT NULL;