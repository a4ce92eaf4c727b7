import type { Executor } from '@truck4u/database';
import type { ReadCache } from '../../infra/read-cache';
import { findActiveGovernorateRate, findLivePlanRate } from './commissions.repository';

export const DEFAULT_COMMISSION_BPS = 1500;

export type CommissionSource = 'B2B_PLAN' | 'GOVERNORATE' | 'DEFAULT';

/** Each governorate's own active rate (null: none), by code; CommissionsService.update invalidates it. */
export type GovernorateRateCache = ReadCache<number | null>;

export const GOVERNORATE_RATE_CACHE = { name: 'governorate_rate', version: 1, ttlSeconds: 300 } as const;

/**
 * The commission rate for a ride (docs/API.md#money): the customer's live B2B plan rate, else the pickup
 * governorate's active rate, else the default. Fixed on the ride when its bid is accepted.
 *
 * With `governorateRates`, the governorate's rate is read through the cache. Loading it inside the caller's
 * transaction is safe to cache: no transaction that resolves a rate writes governorate_commissions, so what
 * it reads is committed. The live plan is not cached: it changes with the clock (period end) and with
 * every renewal sweep, and a wrong plan rate would be fixed on the ride for good.
 */
export async function resolveCommissionRate(
  db: Executor,
  customerId: string,
  governorateCode: string,
  governorateRates?: GovernorateRateCache,
): Promise<{ rateBps: number; source: CommissionSource }> {
  const planRate = await findLivePlanRate(db, customerId);
  if (planRate !== null) return { rateBps: planRate, source: 'B2B_PLAN' };
  const loadGovernorateRate = () => findActiveGovernorateRate(db, governorateCode);
  const governorateRate = governorateRates
    ? await governorateRates.get(governorateCode, loadGovernorateRate)
    : await loadGovernorateRate();
  if (governorateRate !== null) return { rateBps: governorateRate, source: 'GOVERNORATE' };
  return { rateBps: DEFAULT_COMMISSION_BPS, source: 'DEFAULT' };
}

/** Commission in millimes: price × rate, rounded half up, in integers only. */
export function commissionOf(priceMillimes: number, rateBps: number): number {
  if (!Number.isSafeInteger(priceMillimes) || !Number.isInteger(rateBps))
    throw new Error('money must be integers');
  return Math.floor((priceMillimes * rateBps + 5_000) / 10_000);
}
