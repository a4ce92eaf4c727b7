import type { Plan, Subscription } from '@truck4u/contracts';
import { customers, type Database, subscriptionPlans, subscriptions } from '@truck4u/database';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, notFound } from '../../http/app-error';
import type { NotificationSender } from '../notifications/notification-sender';
import { isUniqueViolation } from '../users/users.repository';
import { customerWallet, postTransaction } from '../wallet/ledger';

type PlanRow = typeof subscriptionPlans.$inferSelect;
type SubscriptionRow = typeof subscriptions.$inferSelect;

export interface SubscriptionPolicy {
  graceDays: number;
  reminderDays: number;
}

export interface SweepResult {
  renewed: number;
  pastDue: number;
  expired: number;
  ended: number;
  reminded: number;
}

const toPlan = (row: PlanRow): Plan => ({
  code: row.code as Plan['code'],
  name: row.name,
  monthlyPrice: row.monthlyPrice,
  commissionRateBps: row.commissionRateBps,
  benefits: Array.isArray(row.benefits) ? (row.benefits as string[]) : [],
  hasPriorityDispatch: row.hasPriorityDispatch,
});

const toSubscription = (row: SubscriptionRow, plan: PlanRow): Subscription => ({
  id: row.id,
  plan: toPlan(plan),
  status: row.status,
  currentPeriodStart: row.currentPeriodStart.toISOString(),
  currentPeriodEnd: row.currentPeriodEnd.toISOString(),
  cancelAtPeriodEnd: row.cancelAtPeriodEnd,
  pastDueSince: row.pastDueSince?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

const fmt = (millimes: number) => `${(millimes / 1000).toFixed(3)} TND`;

/** B2B plans: subscribing (paid from the wallet), cancelling at period end, and the renewal sweep. */
export class SubscriptionsService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationSender,
    private readonly policy: SubscriptionPolicy,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
  ) {}

  async plans(): Promise<Plan[]> {
    const rows = await this.db.select().from(subscriptionPlans).orderBy(asc(subscriptionPlans.sortOrder));
    return rows.map(toPlan);
  }

  /** Starts a monthly plan and charges the first month, atomically: no charge without a subscription or the reverse. */
  async subscribe(customerId: string, planCode: string): Promise<Subscription> {
    return this.db.transaction(async (tx) => {
      const [customer] = await tx
        .select({ customerType: customers.customerType })
        .from(customers)
        .where(eq(customers.id, customerId))
        .for('update');
      if (customer?.customerType !== 'B2B') {
        throw new AppError(
          'FORBIDDEN',
          'Subscriptions are for business accounts; add your company details first',
        );
      }
      const [plan] = await tx.select().from(subscriptionPlans).where(eq(subscriptionPlans.code, planCode));
      if (!plan) throw notFound('Plan');
      let row: SubscriptionRow | undefined;
      try {
        [row] = await tx
          .insert(subscriptions)
          .values({
            customerId,
            planCode,
            status: 'ACTIVE',
            currentPeriodStart: sql`now()`,
            currentPeriodEnd: sql`now() + interval '1 month'`,
          })
          .returning();
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'You already have a live subscription');
        throw error;
      }
      if (!row) throw new Error('subscription insert returned nothing');
      await postTransaction(tx, {
        kind: 'SUBSCRIPTION',
        description: `${plan.name} plan, first month`,
        idempotencyKey: `subscription:${row.id}:period:1`,
        entries: [
          { account: customerWallet(customerId), amount: -plan.monthlyPrice },
          { account: { kind: 'SUBSCRIPTION_REVENUE' }, amount: plan.monthlyPrice },
        ],
      });
      return toSubscription(row, plan);
    });
  }

  async current(customerId: string): Promise<Subscription> {
    const [found] = await this.db
      .select()
      .from(subscriptions)
      .innerJoin(subscriptionPlans, eq(subscriptionPlans.code, subscriptions.planCode))
      .where(
        and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, ['ACTIVE', 'PAST_DUE'])),
      );
    if (!found) throw notFound('Live subscription');
    return toSubscription(found.subscriptions, found.subscription_plans);
  }

  /** The plan stays until the period ends, then stops without another charge. */
  async cancelAtPeriodEnd(customerId: string): Promise<Subscription> {
    const [updated] = await this.db
      .update(subscriptions)
      .set({ cancelAtPeriodEnd: true, updatedAt: sql`now()` })
      .where(
        and(eq(subscriptions.customerId, customerId), inArray(subscriptions.status, ['ACTIVE', 'PAST_DUE'])),
      )
      .returning({ id: subscriptions.id });
    if (!updated) throw notFound('Live subscription');
    return this.current(customerId);
  }

  /**
   * Renews, ends or expires every subscription whose period is over, and sends renewal reminders.
   * Safe to run twice or concurrently: rows are locked and skipped by other runs, charges are keyed by
   * period, and a reminder is sent once per period.
   */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { renewed: 0, pastDue: 0, expired: 0, ended: 0, reminded: 0 };
    result.reminded = await this.sendReminders();
    for (;;) {
      const due = await this.db
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(
          and(
            inArray(subscriptions.status, ['ACTIVE', 'PAST_DUE']),
            sql`${subscriptions.currentPeriodEnd} <= now()`,
          ),
        )
        .orderBy(asc(subscriptions.currentPeriodEnd))
        .limit(100);
      let progressed = 0;
      for (const { id } of due) {
        const outcome = await this.settleDue(id);
        if (outcome) {
          result[outcome] += 1;
          if (outcome !== 'pastDue') progressed += 1;
        }
      }
      // PAST_DUE rows stay due until they pay or expire; stop once a pass changes nothing else.
      if (due.length < 100 || progressed === 0) break;
    }
    return result;
  }

  private async settleDue(id: string): Promise<keyof SweepResult | null> {
    const outcome = await this.db.transaction(async (tx) => {
      const [found] = await tx
        .select()
        .from(subscriptions)
        .innerJoin(subscriptionPlans, eq(subscriptionPlans.code, subscriptions.planCode))
        .where(
          and(
            eq(subscriptions.id, id),
            sql`${subscriptions.currentPeriodEnd} <= now()`,
            inArray(subscriptions.status, ['ACTIVE', 'PAST_DUE']),
          ),
        )
        .for('update', { of: subscriptions, skipLocked: true });
      if (!found) return null;
      const sub = found.subscriptions;
      const plan = found.subscription_plans;
      if (sub.cancelAtPeriodEnd) {
        await tx
          .update(subscriptions)
          .set({ status: 'CANCELLED', endedAt: sql`now()`, updatedAt: sql`now()` })
          .where(eq(subscriptions.id, id));
        return { kind: 'ended' as const, sub, plan };
      }
      const nextPeriod = sub.periodsPaid + 1;
      try {
        // A savepoint: a refused charge must not abort the surrounding transaction.
        await tx.transaction((charge) =>
          postTransaction(charge, {
            kind: 'SUBSCRIPTION',
            description: `${plan.name} plan, month ${nextPeriod}`,
            idempotencyKey: `subscription:${id}:period:${nextPeriod}`,
            entries: [
              { account: customerWallet(sub.customerId), amount: -plan.monthlyPrice },
              { account: { kind: 'SUBSCRIPTION_REVENUE' }, amount: plan.monthlyPrice },
            ],
          }),
        );
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'INSUFFICIENT_FUNDS')) throw error;
        const [expired] = await tx
          .update(subscriptions)
          .set({ status: 'EXPIRED', endedAt: sql`now()`, updatedAt: sql`now()` })
          .where(
            and(
              eq(subscriptions.id, id),
              sql`${subscriptions.pastDueSince} <= now() - make_interval(days => ${this.policy.graceDays})`,
            ),
          )
          .returning({ id: subscriptions.id });
        if (expired) return { kind: 'expired' as const, sub, plan };
        await tx
          .update(subscriptions)
          .set({
            status: 'PAST_DUE',
            pastDueSince: sql`COALESCE(${subscriptions.pastDueSince}, now())`,
            updatedAt: sql`now()`,
          })
          .where(eq(subscriptions.id, id));
        return { kind: 'pastDue' as const, sub, plan };
      }
      // On time, the new period follows the old one exactly. A late payment (or a sweep that did not run for
      // a while) starts a full month from now, so nobody is charged for months that already passed.
      const periodStart = sql`CASE WHEN ${subscriptions.status} = 'ACTIVE' AND ${subscriptions.currentPeriodEnd} > now() - interval '1 day' THEN ${subscriptions.currentPeriodEnd} ELSE now() END`;
      await tx
        .update(subscriptions)
        .set({
          status: 'ACTIVE',
          periodsPaid: nextPeriod,
          pastDueSince: null,
          currentPeriodStart: sql`${periodStart}`,
          currentPeriodEnd: sql`${periodStart} + interval '1 month'`,
          updatedAt: sql`now()`,
        })
        .where(eq(subscriptions.id, id));
      return { kind: 'renewed' as const, sub, plan };
    });
    if (!outcome) return null;
    const messages = {
      renewed: `your ${outcome.plan.name} plan was renewed for ${fmt(outcome.plan.monthlyPrice)}.`,
      pastDue: `we could not renew your ${outcome.plan.name} plan: top up ${fmt(outcome.plan.monthlyPrice)} within ${this.policy.graceDays} days to keep it.`,
      expired: `your ${outcome.plan.name} plan has expired after ${this.policy.graceDays} days unpaid.`,
      ended: `your ${outcome.plan.name} plan ended as you asked.`,
    } as const;
    // A pastDue notice is sent only when the subscription first falls behind.
    if (outcome.kind !== 'pastDue' || outcome.sub.status === 'ACTIVE') {
      await this.notify(outcome.sub.customerId, messages[outcome.kind]);
    }
    return outcome.kind;
  }

  private async sendReminders(): Promise<number> {
    const marked = await this.db
      .update(subscriptions)
      .set({ remindedForPeriodEnd: sql`${subscriptions.currentPeriodEnd}` })
      .where(
        and(
          eq(subscriptions.status, 'ACTIVE'),
          eq(subscriptions.cancelAtPeriodEnd, false),
          sql`${subscriptions.currentPeriodEnd} > now()`,
          sql`${subscriptions.currentPeriodEnd} <= now() + make_interval(days => ${this.policy.reminderDays})`,
          sql`${subscriptions.remindedForPeriodEnd} IS DISTINCT FROM ${subscriptions.currentPeriodEnd}`,
        ),
      )
      .returning({
        customerId: subscriptions.customerId,
        planCode: subscriptions.planCode,
        periodEnd: subscriptions.currentPeriodEnd,
      });
    for (const row of marked) {
      await this.notify(
        row.customerId,
        `your ${row.planCode} plan renews on ${row.periodEnd.toISOString().slice(0, 10)}; keep enough in your wallet.`,
      );
    }
    return marked.length;
  }

  private async notify(customerId: string, message: string): Promise<void> {
    // A lost reminder must not undo a renewal that already committed.
    await this.notifications.notify({ role: 'customer', id: customerId }, message).catch((error: unknown) => {
      this.log.warn({ err: error, customerId }, 'subscription notification failed');
    });
  }
}
