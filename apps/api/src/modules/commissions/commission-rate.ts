import { governorateCommissions, subscriptionPlans, subscriptions } from '@truck4u/database';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../users/users.repository';

export const DEFAULT_COMMISSION_BPS = 1500;

export type CommissionSource = 'B2B_PLAN' | 'GOVERNORATE' | 'DEFAULT';

/**
 * The commission rate for a ride (DESIGN.md §6): the customer's live B2B plan rate, else the pickup
 * governorate's active rate, else the default. Fixed on the ride when its bid is accepted.
 */
export async function resolveCommissionRate(
  db: Executor,
  customerId: string,
  governorateCode: string,
): Promise<{ rateBps: number; source: CommissionSource }> {
  const [plan] = await db
    .select({ rateBps: subscriptionPlans.commissionRateBps })
    .from(subscriptions)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.code, subscriptions.planCode))
    .where(
      and(
        eq(subscriptions.customerId, customerId),
        inArray(subscriptions.status, ['ACTIVE', 'PAST_DUE']),
        gt(subscriptions.currentPeriodEnd, sql`now()`),
      ),
    )
    .limit(1);
  if (plan) return { rateBps: plan.rateBps, source: 'B2B_PLAN' };
  const [governorate] = await db
    .select({ rateBps: governorateCommissions.rateBps })
    .from(governorateCommissions)
    .where(
      and(
        eq(governorateCommissions.governorateCode, governorateCode),
        eq(governorateCommissions.isActive, true),
      ),
    );
  if (governorate) return { rateBps: governorate.rateBps, source: 'GOVERNORATE' };
  return { rateBps: DEFAULT_COMMISSION_BPS, source: 'DEFAULT' };
}

/** Commission in millimes: price × rate, rounded half up, in integers only. */
export function commissionOf(priceMillimes: number, rateBps: number): number {
  if (!Number.isSafeInteger(priceMillimes) || !Number.isInteger(rateBps))
    throw new Error('money must be integers');
  return Math.floor((priceMillimes * rateBps + 5_000) / 10_000);
}
