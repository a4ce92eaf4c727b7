-- Held payments (docs/MONEY.md, Held payments): rides paid before delivery keep their money in ESCROW.
-- New enum values may not be used in the transaction that adds them (drizzle runs all migrations in one), so
-- nothing below names 'HELD' or 'ESCROW' as an enum value: the ESCROW account row is opened on first use, and
-- the checks and indexes compare as text or say "not FAILED".
ALTER TYPE "public"."payment_status" ADD VALUE 'HELD';--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'ESCROW';--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_escrow_not_overdrawn" CHECK ("ledger_accounts"."kind"::text <> 'ESCROW' OR "ledger_accounts"."balance" >= 0);--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "cash_confirm_overdue_at" timestamp with time zone;--> statement-breakpoint
DROP INDEX "payments_one_success_per_ride";--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success_per_ride" ON "payments" USING btree ("ride_id") WHERE "payments"."status" <> 'FAILED' AND "payments"."purpose" = 'RIDE';--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_refund_recorded";--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refund_recorded" CHECK (("payments"."status" = 'REFUNDED') = ("payments"."refunded_at" IS NOT NULL AND "payments"."refund_reason" IS NOT NULL AND "payments"."refund_idempotency_key" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_by_only_when_refunded" CHECK ("payments"."refunded_by" IS NULL OR "payments"."refunded_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "payment_status" text DEFAULT 'NONE' NOT NULL;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "payment_method" "payment_method";--> statement-breakpoint
ALTER TABLE "rides" ADD CONSTRAINT "rides_payment_status_known" CHECK ("rides"."payment_status" IN ('NONE', 'HELD', 'RELEASED', 'REFUNDED', 'PAID'));--> statement-breakpoint
-- Rides paid before this migration: a succeeded payment is PAID, a refunded one REFUNDED.
UPDATE "rides" SET "payment_status" = CASE p."status"::text WHEN 'SUCCEEDED' THEN 'PAID' ELSE 'REFUNDED' END, "payment_method" = p."method"
  FROM "payments" p
  WHERE p."ride_id" = "rides"."id" AND p."purpose" = 'RIDE' AND p."status" IN ('SUCCEEDED', 'REFUNDED');--> statement-breakpoint
ALTER TABLE "drivers" ADD COLUMN "cash_commission_cap_millimes" bigint;--> statement-breakpoint
ALTER TABLE "drivers" ADD CONSTRAINT "drivers_cash_cap_not_negative" CHECK ("drivers"."cash_commission_cap_millimes" >= 0);
