ALTER TABLE "ride_notifications" ADD COLUMN "phase" text DEFAULT 'CIRCLES' NOT NULL;--> statement-breakpoint
ALTER TABLE "ride_notifications" ADD CONSTRAINT "ride_notifications_phase" CHECK ("ride_notifications"."phase" IN ('FAVOURITES', 'CIRCLES'));
