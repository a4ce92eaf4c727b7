ALTER TABLE "ride_messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "ride_messages_sender_idempotency_key" ON "ride_messages" USING btree ("ride_id","sender_role","sender_id","idempotency_key") WHERE "ride_messages"."idempotency_key" IS NOT NULL;
