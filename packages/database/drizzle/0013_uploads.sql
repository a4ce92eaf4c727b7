CREATE TABLE "uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_role" "user_role" NOT NULL,
	"owner_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"rejection_reason" text,
	"ride_id" uuid,
	"attached_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uploads_storage_key_unique" UNIQUE("storage_key"),
	CONSTRAINT "uploads_status" CHECK ("uploads"."status" IN ('PENDING', 'READY', 'REJECTED')),
	CONSTRAINT "uploads_purpose" CHECK ("uploads"."purpose" IN ('DRIVER_DOCUMENT', 'CARGO_PHOTO', 'PROOF_PHOTO', 'DISPUTE_EVIDENCE')),
	CONSTRAINT "uploads_size" CHECK ("uploads"."size_bytes" > 0)
);
--> statement-breakpoint
CREATE INDEX "uploads_owner_idx" ON "uploads" USING btree ("owner_role","owner_id");--> statement-breakpoint
CREATE INDEX "uploads_ride_idx" ON "uploads" USING btree ("ride_id");--> statement-breakpoint
CREATE INDEX "uploads_orphan_idx" ON "uploads" USING btree ("created_at") WHERE "uploads"."attached_at" IS NULL;