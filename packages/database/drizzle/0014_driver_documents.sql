-- The old driver_documents table (kind, url, metadata) was never written by the api: replaced by the reviewed, versioned one.
DROP TABLE "driver_documents" CASCADE;--> statement-breakpoint
CREATE TABLE "driver_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"driver_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"upload_id" uuid NOT NULL,
	"number" text,
	"issued_at" date,
	"expires_at" date,
	"categories" text[],
	"reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "driver_documents_kind" CHECK ("driver_documents"."kind" IN ('CIN', 'DRIVING_LICENCE', 'VEHICLE_REGISTRATION', 'INSURANCE', 'TECHNICAL_INSPECTION')),
	CONSTRAINT "driver_documents_status" CHECK ("driver_documents"."status" IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')),
	CONSTRAINT "driver_documents_rejection_reason" CHECK ("driver_documents"."status" <> 'REJECTED' OR "driver_documents"."reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "document_reminders" (
	"document_id" uuid NOT NULL,
	"days_before" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_reminders_document_id_days_before_pk" PRIMARY KEY("document_id","days_before")
);
--> statement-breakpoint
ALTER TABLE "drivers" ADD COLUMN "expired_document_kinds" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "drivers" ADD COLUMN "licence_categories" text[];--> statement-breakpoint
ALTER TABLE "driver_documents" ADD CONSTRAINT "driver_documents_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "driver_documents" ADD CONSTRAINT "driver_documents_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_reminders" ADD CONSTRAINT "document_reminders_document_id_driver_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."driver_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "driver_documents_driver_idx" ON "driver_documents" USING btree ("driver_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "driver_documents_current_key" ON "driver_documents" USING btree ("driver_id","kind") WHERE "driver_documents"."superseded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "driver_documents_expiry_idx" ON "driver_documents" USING btree ("expires_at") WHERE "driver_documents"."superseded_at" IS NULL AND "driver_documents"."expires_at" IS NOT NULL;
