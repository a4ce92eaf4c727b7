import { formatTnd, type Plan, type Subscription } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { isUniqueViolation } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import { type Clock, systemClock } from '../../infra/clock';
import type { Logger } from '../../infra/logger';
import type { ReadCache } from '../../infra/read-cache';
import { tunisDateOf } from '../../infra/tunis-calendar';
import type { NotificationSender } from '../notifications/notification-sender';
import { customerWallet, postTransaction } from '../wallet/ledger';
import {
  endSubscription,
  findDueSubscriptionIds,
  findLiveSubscription,
  findPlan,
  insertSubscription,
  listPlans,
  lockCustomerType,
  lockDueSubscription,
  markCancelAtPeriodEnd,
  markPastDue,
  markRemindersDue,
  type PlanRow,
  renewSubscription,
  type SubscriptionRow,
} from './subscriptions.repository';

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

// Grace and reminder days are 24-hour spans of the clock's time, as the sweep's SQL intervals were in UTC.
const DAY_MS = 86_400_000;
const DUE_BATCH = 100;

const toPlan = (row: PlanRow): Plan => ({
  code: row.code as Plan['code'],
  name: row.name,
  monthlyPrice: row.monthlyPrice,
  commissionRateBps: row.commissionRateBps,
  benefits: Array.isArray(row.benefits) ? (row.benefits as string[]) : [],
  hasPriorityDispatch: row.hasPriorityDispatch,
});

export const PLANS_CACHE = { name: 'plans', version: 1, ttlSeconds: 60 } as const;

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

/**
 * B2B plans: subscribing (paid from the wallet), cancelling at period end, and the renewal sweep. "Now" is
 * the injected clock's, so periods, reminders and grace days can be tested on any date.
 */
export class SubscriptionsService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationSender,
    private readonly policy: SubscriptionPolicy,
    private readonly log: Pick<Logger, 'warn' | 'error'>,
    private readonly clock: Clock = systemClock,
    /**
     * The plan catalogue. Only migrations and the seed write subscription_plans (no route does), so nothing
     * invalidates it: a catalogue change reaches readers within its TTL (PLANS_CACHE).
     */
    private readonly plansCache?: ReadCache<Plan[]>,
  ) {}

  async plans(): Promise<Plan[]> {
    const load = async () => (await listPlans(this.db)).map(toPlan);
    return this.plansCache ? this.plansCache.get('all', load) : load();
  }

  /** Starts a monthly plan and charges the first month, atomically: no charge without a subscription or the reverse. */
  async subscribe(customerId: string, planCode: string): Promise<Subscription> {
    return this.db.transaction(async (tx) => {
      const customerType = await lockCustomerType(tx, customerId);
      if (customerType !== 'B2B') {
        throw new AppError(
          'FORBIDDEN',
          'Subscriptions are for business accounts; add your company details first',
        );
      }
      const plan = await findPlan(tx, planCode);
      if (!plan) throw notFound('Plan');
      let row: SubscriptionRow | null;
      try {
        row = await insertSubscription(tx, { customerId, planCode, now: this.clock.now() });
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
    const found = await findLiveSubscription(this.db, customerId);
    if (!found) throw notFound('Live subscription');
    return toSubscription(found.subscription, found.plan);
  }

  /** The plan stays until the period ends, then stops without another charge. */
  async cancelAtPeriodEnd(customerId: string): Promise<Subscription> {
    const isMarked = await markCancelAtPeriodEnd(this.db, customerId, this.clock.now());
    if (!isMarked) throw notFound('Live subscription');
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
      const due = await findDueSubscriptionIds(this.db, this.clock.now(), DUE_BATCH);
      let progressed = 0;
      for (const id of due) {
        const outcome = await this.settleDue(id);
        if (outcome) {
          result[outcome] += 1;
          if (outcome !== 'pastDue') progressed += 1;
        }
      }
      // PAST_DUE rows stay due until they pay or expire; stop once a pass changes nothing else.
      if (due.length < DUE_BATCH || progressed === 0) break;
    }
    return result;
  }

  private async settleDue(id: string): Promise<keyof SweepResult | null> {
    const outcome = await this.db.transaction(async (tx) => {
      const found = await lockDueSubscription(tx, id, this.clock.now());
      if (!found) return null;
      const { subscription: sub, plan } = found;
      if (sub.cancelAtPeriodEnd) {
        await endSubscription(tx, id, 'CANCELLED', this.clock.now());
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
        const now = this.clock.now();
        const isGraceOver =
          sub.pastDueSince !== null &&
          sub.pastDueSince.getTime() <= now.getTime() - this.policy.graceDays * DAY_MS;
        if (isGraceOver) {
          await endSubscription(tx, id, 'EXPIRED', now);
          return { kind: 'expired' as const, sub, plan };
        }
        await markPastDue(tx, id, now);
        return { kind: 'pastDue' as const, sub, plan };
      }
      // On time, the new period follows the old one exactly. A late payment (or a sweep that did not run for
      // a while) starts a full month from now, so nobody is charged for months that already passed.
      const now = this.clock.now();
      const isOnTime = sub.status === 'ACTIVE' && sub.currentPeriodEnd.getTime() > now.getTime() - DAY_MS;
      await renewSubscription(tx, id, {
        periodsPaid: nextPeriod,
        start: isOnTime ? 'previous-period-end' : now,
        now,
      });
      return { kind: 'renewed' as const, sub, plan };
    });
    if (!outcome) return null;
    const messages = {
      renewed: `your ${outcome.plan.name} plan was renewed for ${formatTnd(outcome.plan.monthlyPrice)}.`,
      pastDue: `we could not renew your ${outcome.plan.name} plan: top up ${formatTnd(outcome.plan.monthlyPrice)} within ${this.policy.graceDays} days to keep it.`,
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
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.policy.reminderDays * DAY_MS);
    const marked = await markRemindersDue(this.db, { now, until });
    for (const row of marked) {
      await this.notify(
        row.customerId,
        `your ${row.planCode} plan renews on ${tunisDateOf(row.periodEnd)}; keep enough in your wallet.`,
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
