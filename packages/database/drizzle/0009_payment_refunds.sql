DROP INDEX "payments_one_success_per_ride";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_by" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refund_reason" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refund_idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_by_admins_id_fk" FOREIGN KEY ("refunded_by") REFERENCES "public"."admins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_ride" ON "payments" USING btree ("ride_id") WHERE "payments"."status" IN ('PENDING','SUCCEEDED','REFUNDED') AND "payments"."purpose" = 'RIDE';--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refund_recorded" CHECK (("payments"."status" = 'REFUNDED') = ("payments"."refunded_at" IS NOT NULL AND "payments"."refunded_by" IS NOT NULL AND "payments"."refund_reason" IS NOT NULL AND "payments"."refund_idempotency_key" IS NOT NULL));