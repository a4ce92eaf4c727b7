CREATE TABLE "driver_verification_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"driver_id" uuid NOT NULL,
	"admin_id" uuid NOT NULL,
	"from_status" "driver_verification_status" NOT NULL,
	"to_status" "driver_verification_status" NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "driver_verification_audit" ADD CONSTRAINT "driver_verification_audit_driver_id_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."drivers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "driver_verification_audit_driver_idx" ON "driver_verification_audit" USING btree ("driver_id","id");