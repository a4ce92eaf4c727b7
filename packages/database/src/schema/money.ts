import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ledgerAccountKindEnum,
  paymentMethodEnum,
  paymentStatusEnum,
  roleEnum,
  subscriptionStatusEnum,
} from './enums';
import { millimes, rides } from './rides';
import { admins, customers, drivers, tz } from './users';

/**
 * Double-entry ledger. Accounts belong to a wallet owner or to the platform. Triggers (migration
 * 0001_ledger_invariants) make entries append-only, keep `balance` equal to the sum of the account's entries,
 * and refuse at commit any transaction whose entries do not sum to zero. See docs/MONEY.md.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: ledgerAccountKindEnum('kind').notNull(),
    ownerRole: roleEnum('owner_role'),
    ownerId: uuid('owner_id'),
    balance: millimes('balance').notNull().default(0),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('ledger_accounts_owner_key').on(t.kind, t.ownerId).nullsNotDistinct(),
    // A customer wallet is never overdrawn; drivers may owe commission on cash rides, so theirs can be.
    check('ledger_accounts_customer_not_overdrawn', sql`${t.kind} <> 'CUSTOMER_WALLET' OR ${t.balance} >= 0`),
    check(
      'ledger_accounts_owner_matches_kind',
      sql`(${t.kind} IN ('CUSTOMER_WALLET','DRIVER_WALLET')) = (${t.ownerId} IS NOT NULL)`,
    ),
    // Escrow holds exactly what rides paid ahead put in; paying out more than that is a bug. `::text`: the
    // value is new in 0016 and Postgres refuses an enum value in the transaction that adds it.
    check('ledger_accounts_escrow_not_overdrawn', sql`${t.kind}::text <> 'ESCROW' OR ${t.balance} >= 0`),
  ],
);

export const ledgerTransactions = pgTable('ledger_transactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  description: text('description').notNull(),
  rideId: uuid('ride_id').references(() => rides.id),
  paymentId: uuid('payment_id'),
  idempotencyKey: text('idempotency_key').unique(),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: millimes('amount').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_account_idx').on(t.accountId, t.id),
    index('ledger_entries_transaction_idx').on(t.transactionId),
    check('ledger_entries_non_zero', sql`${t.amount} <> 0`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rideId: uuid('ride_id').references(() => rides.id),
    /** The payer: a customer (rides, top-ups) or a driver (top-ups); exactly one is set. */
    customerId: uuid('customer_id').references(() => customers.id),
    driverId: uuid('driver_id').references(() => drivers.id),
    purpose: text('purpose').notNull().default('RIDE'),
    method: paymentMethodEnum('method').notNull(),
    amount: millimes('amount').notNull(),
    status: paymentStatusEnum('status').notNull().default('PENDING'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    providerPaymentId: text('provider_payment_id'),
    providerData: jsonb('provider_data'),
    settledAt: tz('settled_at'),
    /** Set once, with the status REFUNDED, by an admin refund (docs/MONEY.md, Refunds). */
    refundedAt: tz('refunded_at'),
    refundedBy: uuid('refunded_by').references(() => admins.id),
    refundReason: text('refund_reason'),
    /** The admin's Idempotency-Key: a retry with it replays the refund instead of answering 409. */
    refundIdempotencyKey: text('refund_idempotency_key'),
    /** When the money went into escrow (status HELD); kept after release or refund: "RELEASED" vs "PAID". */
    heldAt: tz('held_at'),
    /** A declared cash payment the driver did not confirm within CASH_CONFIRM_WINDOW_MS: flagged for admins. */
    cashConfirmOverdueAt: tz('cash_confirm_overdue_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Keys are unique per payer; a row's other owner column is null, and nulls never collide.
    uniqueIndex('payments_idempotency_key').on(t.customerId, t.idempotencyKey),
    uniqueIndex('payments_driver_idempotency_key').on(t.driverId, t.idempotencyKey),
    // Only one payment of a ride can be live, held or done; a refunded ride stays paid-for (refunded), never paid
    // again. Written as "not FAILED" so it covers HELD without naming a value added in the same migration.
    uniqueIndex('payments_one_success_per_ride')
      .on(t.rideId)
      .where(sql`${t.status} <> 'FAILED' AND ${t.purpose} = 'RIDE'`),
    uniqueIndex('payments_provider_id_key').on(t.providerPaymentId),
    // The payment sweep reads the oldest pending payments every minute; settled ones are most of the table.
    index('payments_pending_idx').on(t.updatedAt).where(sql`${t.status} = 'PENDING'`),
    check('payments_amount_positive', sql`${t.amount} > 0`),
    check('payments_one_owner', sql`(${t.customerId} IS NULL) <> (${t.driverId} IS NULL)`),
    // A ride is paid by its customer; drivers only top up their own wallet.
    check('payments_ride_paid_by_customer', sql`${t.purpose} <> 'RIDE' OR ${t.customerId} IS NOT NULL`),
    // A refund is recorded whole or not at all: when, why, under which key; by whom when an admin did it (a held
    // payment given back on cancellation has no admin: refunded_by stays null).
    check(
      'payments_refund_recorded',
      sql`(${t.status} = 'REFUNDED') = (${t.refundedAt} IS NOT NULL AND ${t.refundReason} IS NOT NULL AND ${t.refundIdempotencyKey} IS NOT NULL)`,
    ),
    check(
      'payments_refunded_by_only_when_refunded',
      sql`${t.refundedBy} IS NULL OR ${t.refundedAt} IS NOT NULL`,
    ),
  ],
);

export const subscriptionPlans = pgTable(
  'subscription_plans',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    monthlyPrice: millimes('monthly_price').notNull(),
    commissionRateBps: integer('commission_rate_bps').notNull(),
    benefits: jsonb('benefits').notNull().default(sql`'[]'::jsonb`),
    hasPriorityDispatch: boolean('has_priority_dispatch').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [check('subscription_plans_rate_bounds', sql`${t.commissionRateBps} BETWEEN 0 AND 10000`)],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    planCode: text('plan_code')
      .notNull()
      .references(() => subscriptionPlans.code),
    status: subscriptionStatusEnum('status').notNull().default('ACTIVE'),
    currentPeriodStart: tz('current_period_start').notNull(),
    currentPeriodEnd: tz('current_period_end').notNull(),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** Periods already paid, so a renewal charge can be keyed (and never taken twice) per period. */
    periodsPaid: integer('periods_paid').notNull().default(1),
    pastDueSince: tz('past_due_since'),
    /** The period end a renewal reminder was last sent for; one reminder per period. */
    remindedForPeriodEnd: tz('reminded_for_period_end'),
    endedAt: tz('ended_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('subscriptions_one_live_per_customer')
      .on(t.customerId)
      .where(sql`${t.status} IN ('ACTIVE','PAST_DUE')`),
    index('subscriptions_period_end_idx').on(t.currentPeriodEnd),
  ],
);
