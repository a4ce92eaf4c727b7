import type { Executor } from '@truck4u/database';
import { customers, subscriptionPlans, subscriptions } from '@truck4u/database';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';

export type PlanRow = typeof subscriptionPlans.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;

export interface SubscriptionWithPlan {
  subscription: SubscriptionRow;
  plan: PlanRow;
}

/** A live subscription is one the customer still has: paid up, or unpaid within its grace days. */
const LIVE_STATUSES = ['ACTIVE', 'PAST_DUE'] as const;

// Every instant comes from the service's clock rather than SQL now(), so tests can run the rules on any date.
const instant = (at: Date): SQL => sql`${at.toISOString()}::timestamptz`;

export function listPlans(db: Executor): Promise<PlanRow[]> {
  return db.select().from(subscriptionPlans).orderBy(asc(subscriptionPlans.sortOrder));
}

export async function findPlan(db: Executor, code: string): Promise<PlanRow | null> {
  const [plan] = await db.select().from(subscriptionPlans).where(eq(subscriptionPlans.code, code));
  return plan ?? null;
}

/** Locks the customer row (so two subscribe calls queue up) and returns its type; null if there is none. */
export async function lockCustomerType(
  tx: Executor,
  customerId: string,
): Promise<(typeof customers.$inferSelect)['customerType'] | null> {
  const [customer] = await tx
    .select({ customerType: customers.customerType })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  return customer?.customerType ?? null;
}

/** Inserts an ACTIVE subscription whose first month starts `now`; a second live one is a unique violation. */
export async function insertSubscription(
  tx: Executor,
  values: { customerId: string; planCode: string; now: Date },
): Promise<SubscriptionRow | null> {
  const [row] = await tx
    .insert(subscriptions)
    .values({
      customerId: values.customerId,
      planCode: values.planCode,
      status: 'ACTIVE',
      currentPeriodStart: instant(values.now),
      currentPeriodEnd: sql`${instant(values.now)} + interval '1 month'`,
    })
    .returning();
  return row ?? null;
}

export async function findLiveSubscription(
  db: Executor,
  customerId: string,
): Promise<SubscriptionWithPlan | null> {
  const [found] = await db
    .select()
    .from(subscriptions)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.code, subscriptions.planCode))
    .where(and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, LIVE_STATUSES)));
  return found ? { subscription: found.subscriptions, plan: found.subscription_plans } : null;
}

/** Flags the customer's live subscription to stop at its period end; false when there is none. */
export async function markCancelAtPeriodEnd(db: Executor, customerId: string, now: Date): Promise<boolean> {
  const updated = await db
    .update(subscriptions)
    .set({ cancelAtPeriodEnd: true, updatedAt: instant(now) })
    .where(and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, LIVE_STATUSES)))
    .returning({ id: subscriptions.id });
  return updated.length > 0;
}

/** Live subscriptions whose period has ended by `now`, oldest end first. */
export async function findDueSubscriptionIds(db: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        inArray(subscriptions.status, LIVE_STATUSES),
        sql`${subscriptions.currentPeriodEnd} <= ${instant(now)}`,
      ),
    )
    .orderBy(asc(subscriptions.currentPeriodEnd))
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * Locks one subscription if it is still live and due at `now`. Rows another sweep holds are skipped, not
 * waited for, so concurrent sweeps share the work; null when it is locked, settled already or gone.
 */
export async function lockDueSubscription(
  tx: Executor,
  id: string,
  now: Date,
): Promise<SubscriptionWithPlan | null> {
  const [found] = await tx
    .select()
    .from(subscriptions)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.code, subscriptions.planCode))
    .where(
      and(
        eq(subscriptions.id, id),
        sql`${subscriptions.currentPeriodEnd} <= ${instant(now)}`,
        inArray(subscriptions.status, LIVE_STATUSES),
      ),
    )
    .for('update', { of: subscriptions, skipLocked: true });
  return found ? { subscription: found.subscriptions, plan: found.subscription_plans } : null;
}

export async function endSubscription(
  tx: Executor,
  id: string,
  status: 'CANCELLED' | 'EXPIRED',
  now: Date,
): Promise<void> {
  await tx
    .update(subscriptions)
    .set({ status, endedAt: instant(now), updatedAt: instant(now) })
    .where(eq(subscriptions.id, id));
}

/** Marks the subscription unpaid; the first time it falls behind is kept as the start of its grace days. */
export async function markPastDue(tx: Executor, id: string, now: Date): Promise<void> {
  await tx
    .update(subscriptions)
    .set({
      status: 'PAST_DUE',
      pastDueSince: sql`COALESCE(${subscriptions.pastDueSince}, ${instant(now)})`,
      updatedAt: instant(now),
    })
    .where(eq(subscriptions.id, id));
}

/**
 * Records month `periodsPaid` as paid: ACTIVE again, for one month from `start`, either the end of the
 * period just over (read in SQL, to keep its microseconds) or an instant.
 */
export async function renewSubscription(
  tx: Executor,
  id: string,
  renewal: { periodsPaid: number; start: 'previous-period-end' | Date; now: Date },
): Promise<void> {
  const start =
    renewal.start === 'previous-period-end' ? sql`${subscriptions.currentPeriodEnd}` : instant(renewal.start);
  await tx
    .update(subscriptions)
    .set({
      status: 'ACTIVE',
      periodsPaid: renewal.periodsPaid,
      pastDueSince: null,
      currentPeriodStart: start,
      currentPeriodEnd: sql`${start} + interval '1 month'`,
      updatedAt: instant(renewal.now),
    })
    .where(eq(subscriptions.id, id));
}

/**
 * Marks, and returns, the ACTIVE subscriptions that will renew between `now` and `until` and have not been
 * reminded for this period yet. Marking and reading are one statement, so two sweeps never both remind.
 */
export function markRemindersDue(
  db: Executor,
  window: { now: Date; until: Date },
): Promise<{ customerId: string; planCode: string; periodEnd: Date }[]> {
  return db
    .update(subscriptions)
    .set({ remindedForPeriodEnd: sql`${subscriptions.currentPeriodEnd}` })
    .where(
      and(
        eq(subscriptions.status, 'ACTIVE'),
        eq(subscriptions.cancelAtPeriodEnd, false),
        sql`${subscriptions.currentPeriodEnd} > ${instant(window.now)}`,
        sql`${subscriptions.currentPeriodEnd} <= ${instant(window.until)}`,
        sql`${subscriptions.remindedForPeriodEnd} IS DISTINCT FROM ${subscriptions.currentPeriodEnd}`,
      ),
    )
    .returning({
      customerId: subscriptions.customerId,
      planCode: subscriptions.planCode,
      periodEnd: subscriptions.currentPeriodEnd,
    });
}
