CREATE TABLE "ride_cancellations" (
	"ride_id" uuid PRIMARY KEY NOT NULL,
	"actor_role" "user_role" NOT NULL,
	"actor_id" uuid NOT NULL,
	"reason" text,
	"status_at_cancellation" "ride_status" NOT NULL,
	"fee" bigint DEFAULT 0 NOT NULL,
	"fee_status" text DEFAULT 'NONE' NOT NULL,
	"strike_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ride_cancellations" ADD CONSTRAINT "ride_cancellations_ride_id_rides_id_fk" FOREIGN KEY ("ride_id") REFERENCES "public"."rides"("id") ON DELETE no action ON UPDATE no action;