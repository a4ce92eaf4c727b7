CREATE TABLE "ride_share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ride_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ride_share_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "stops" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "route_distance_meters" integer;--> statement-breakpoint
ALTER TABLE "ride_share_links" ADD CONSTRAINT "ride_share_links_ride_id_rides_id_fk" FOREIGN KEY ("ride_id") REFERENCES "public"."rides"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ride_share_links" ADD CONSTRAINT "ride_share_links_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ride_share_links_ride_idx" ON "ride_share_links" USING btree ("ride_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ride_share_links_one_live_per_ride" ON "ride_share_links" USING btree ("ride_id") WHERE "ride_share_links"."revoked_at" IS NULL;--> statement-breakpoint
ALTER TABLE "rides" ADD CONSTRAINT "rides_stops_at_most_five" CHECK (jsonb_typeof("rides"."stops") = 'array' AND jsonb_array_length("rides"."stops") <= 5);--> statement-breakpoint
-- Rides posted before the column: the estimate's basis with the default road factor (×1.3), the only stopless route they have.
UPDATE "rides" SET "route_distance_meters" = round("distance_meters" * 1.3) WHERE "route_distance_meters" IS NULL;
