import type { Executor } from '@truck4u/database';
import { findActiveGovernorateRate, findLivePlanRate } from './commissions.repository';

export const DEFAULT_COMMISSION_BPS = 1500;

export type CommissionSource = 'B2B_PLAN' | 'GOVERNORATE' | 'DEFAULT';

/**
 * The commission rate for a ride (docs/API.md#money): the customer's live B2B plan rate, else the pickup
 * governorate's active rate, else the default. Fixed on the ride when its bid is accepted.
 */
export async function resolveCommissionRate(
  db: Executor,
  customerId: string,
  governorateCode: string,
): Promise<{ rateBps: number; source: CommissionSource }> {
  const planRate = await findLivePlanRate(db, customerId);
  if (planRate !== null) return { rateBps: planRate, source: 'B2B_PLAN' };
  const governorateRate = await findActiveGovernorateRate(db, governorateCode);
  if (governorateRate !== null) return { rateBps: governorateRate, source: 'GOVERNORATE' };
  return { rateBps: DEFAULT_COMMISSION_BPS, source: 'DEFAULT' };
}

/** Commission in millimes: price × rate, rounded half up, in integers only. */
export function commissionOf(priceMillimes: number, rateBps: number): number {
  if (!Number.isSafeInteger(priceMillimes) || !Number.isInteger(rateBps))
    throw new Error('money must be integers');
  return Math.floor((priceMillimes * rateBps + 5_000) / 10_000);
}
