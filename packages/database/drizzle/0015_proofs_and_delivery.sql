CREATE TABLE "ride_proofs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ride_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"upload_ids" uuid[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ride_proofs_stage" CHECK ("ride_proofs"."stage" IN ('PICKUP', 'DELIVERY')),
	CONSTRAINT "ride_proofs_upload_count" CHECK (cardinality("ride_proofs"."upload_ids") BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "delivery_codes" (
	"ride_id" uuid PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"nonce" text NOT NULL,
	"failed_tries" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"sms_sent_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_codes_failed_tries" CHECK ("delivery_codes"."failed_tries" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ride_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ride_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ride_flags_kind" CHECK ("ride_flags"."kind" IN ('POSITION_JUMP', 'NO_POSITION_AT_DROPOFF'))
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ride_id" uuid NOT NULL,
	"opened_by_role" text NOT NULL,
	"opened_by_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"description" text NOT NULL,
	"upload_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"resolution" text,
	"refund_amount" bigint,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_status" CHECK ("disputes"."status" IN ('OPEN', 'RESOLVED', 'REJECTED')),
	CONSTRAINT "disputes_opened_by_role" CHECK ("disputes"."opened_by_role" IN ('customer', 'driver')),
	CONSTRAINT "disputes_reason" CHECK ("disputes"."reason" IN ('DAMAGED_CARGO', 'MISSING_CARGO', 'LATE', 'NO_SHOW', 'PRICE', 'PAYMENT', 'BEHAVIOUR', 'OTHER')),
	CONSTRAINT "disputes_refund_amount" CHECK ("disputes"."refund_amount" IS NULL OR "disputes"."refund_amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "recipient_name" text;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "recipient_phone" text;--> statement-breakpoint
ALTER TABLE "ride_proofs" ADD CONSTRAINT "ride_proofs_ride_id_rides_id_fk" FOREIGN KEY ("ride_id") REFERENCES "public"."rides"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ride_proofs" ADD CONSTRAINT "ride_proofs_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_codes" ADD CONSTRAINT "delivery_codes_ride_id_rides_id_fk" FOREIGN KEY ("ride_id") REFERENCES "public"."rides"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ride_flags" ADD CONSTRAINT "ride_flags_ride_id_rides_id_fk" FOREIGN KEY ("ride_id") REFERENCES "public"."rides"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_ride_id_rides_id_fk" FOREIGN KEY ("ride_id") REFERENCES "public"."rides"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_resolved_by_admins_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."admins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ride_proofs_ride_idx" ON "ride_proofs" USING btree ("ride_id","created_at");--> statement-breakpoint
CREATE INDEX "ride_flags_ride_idx" ON "ride_flags" USING btree ("ride_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_one_open_per_party" ON "disputes" USING btree ("ride_id","opened_by_role") WHERE "disputes"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "disputes_ride_idx" ON "disputes" USING btree ("ride_id");--> statement-breakpoint
CREATE INDEX "disputes_created_idx" ON "disputes" USING btree ("created_at","id");
