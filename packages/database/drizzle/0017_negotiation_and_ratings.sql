ALTER TYPE "public"."bid_status" ADD VALUE 'COUNTERED';--> statement-breakpoint
ALTER TYPE "public"."bid_status" ADD VALUE 'DECLINED';--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "counter_price" bigint;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "countered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_counter_price_positive" CHECK ("bids"."counter_price" IS NULL OR "bids"."counter_price" > 0);--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "offered_price" bigint;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "dropoff_governorate_code" text;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "price_band_low" bigint;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "price_band_high" bigint;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "price_band_basis" text;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "price_band_sample_size" integer;--> statement-breakpoint
ALTER TABLE "rides" ADD CONSTRAINT "rides_dropoff_governorate_code_governorates_code_fk" FOREIGN KEY ("dropoff_governorate_code") REFERENCES "public"."governorates"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rides" ADD CONSTRAINT "rides_offered_price_positive" CHECK ("rides"."offered_price" IS NULL OR "rides"."offered_price" > 0);--> statement-breakpoint
ALTER TABLE "rides" ADD CONSTRAINT "rides_price_band_basis" CHECK ("rides"."price_band_basis" IS NULL OR "rides"."price_band_basis" IN ('history', 'tariff'));--> statement-breakpoint
CREATE INDEX "rides_price_history_idx" ON "rides" USING btree ("vehicle_type","governorate_code","dropoff_governorate_code","accepted_at") WHERE "rides"."price" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "punctuality" smallint;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "care" smallint;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "communication" smallint;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_criteria_range" CHECK (("ratings"."punctuality" IS NULL AND "ratings"."care" IS NULL AND "ratings"."communication" IS NULL) OR ("ratings"."punctuality" BETWEEN 1 AND 5 AND "ratings"."care" BETWEEN 1 AND 5 AND "ratings"."communication" BETWEEN 1 AND 5));--> statement-breakpoint
ALTER TABLE "drivers" ADD COLUMN "rating_punctuality_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "drivers" ADD COLUMN "rating_care_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "drivers" ADD COLUMN "rating_communication_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "drivers" ADD COLUMN "rating_criteria_count" integer DEFAULT 0 NOT NULL;
