import type { RideStatus, UserRef } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { driverStrikes, rideCancellations } from '@truck4u/database';
import { and, count, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { commissionOf, resolveCommissionRate } from '../commissions/commission-rate';
import { customerWallet, driverWallet, postTransaction } from '../wallet/ledger';

/**
 * Gives the money of a ride paid ahead (held in escrow) back to the customer's wallet, inside the cancellation's
 * transaction, before any fee is charged (so the fee is taken from it). Implemented by the payments module
 * (held-payments.service.ts), which sits above this one; wired in composition.
 */
export interface HeldPaymentReturner {
  returnHeldPayment(tx: Executor, rideId: string): Promise<{ returned: number }>;
}

export interface CancellationRules {
  /** A customer may cancel this long after accepting a bid without paying anything. */
  graceMs: number;
  /** Fee a customer pays for a later cancellation; goes to the driver, less commission. */
  feeMillimes: number;
  /** Driver cancellations of accepted rides within the window that deactivate the account. */
  strikeLimit: number;
  strikeWindowDays: number;
  /** Left out (some tests): a ride is never paid before completion there. */
  heldPayments?: HeldPaymentReturner;
}

export interface CancelledRide {
  id: string;
  customerId: string;
  driverId: string | null;
  governorateCode: string;
  commissionRateBps: number | null;
  acceptedAt: Date | null;
  /** Status the ride had just before it was cancelled. */
  previousStatus: RideStatus;
}

export interface CancellationOutcome {
  fee: number;
  feeStatus: 'NONE' | 'CHARGED' | 'UNPAID';
  strike: boolean;
  /** The driver has reached the strike limit; the caller deactivates them after commit (cuts their tokens). */
  isDriverOverStrikeLimit: boolean;
}

const ASSIGNED: readonly RideStatus[] = ['BID_ACCEPTED', 'DRIVER_ARRIVING', 'PICKUP_ARRIVED'];

/**
 * Applies the cancellation policy inside the transaction that cancelled the ride, and records who, why,
 * the fee and the strike. Idempotent per ride: the record's primary key is the ride id.
 */
export async function applyCancellationPolicy(
  tx: Executor,
  ride: CancelledRide,
  actor: UserRef,
  reason: string | undefined,
  rules: CancellationRules,
): Promise<CancellationOutcome> {
  const outcome: CancellationOutcome = {
    fee: 0,
    feeStatus: 'NONE',
    strike: false,
    isDriverOverStrikeLimit: false,
  };
  const wasAssigned = ASSIGNED.includes(ride.previousStatus) && ride.driverId !== null;
  // First: the held price back to the wallet, so a late fee below is charged from it and never left UNPAID.
  await rules.heldPayments?.returnHeldPayment(tx, ride.id);

  if (actor.role === 'customer' && wasAssigned && ride.driverId && ride.acceptedAt) {
    const isLate = await isPastGrace(tx, ride.acceptedAt, rules.graceMs);
    if (isLate && rules.feeMillimes > 0) {
      outcome.fee = rules.feeMillimes;
      const rateBps =
        ride.commissionRateBps ??
        (await resolveCommissionRate(tx, ride.customerId, ride.governorateCode)).rateBps;
      const commission = commissionOf(rules.feeMillimes, rateBps);
      const driverId = ride.driverId;
      try {
        // A savepoint, so a short wallet leaves the cancellation itself intact.
        await tx.transaction((charge) =>
          postTransaction(charge, {
            kind: 'CANCELLATION_FEE',
            description: 'Late cancellation fee',
            idempotencyKey: `cancellation:${ride.id}:fee`,
            rideId: ride.id,
            entries: [
              { account: customerWallet(ride.customerId), amount: -rules.feeMillimes },
              { account: driverWallet(driverId), amount: rules.feeMillimes - commission },
              ...(commission > 0
                ? [{ account: { kind: 'PLATFORM_REVENUE' as const }, amount: commission }]
                : []),
            ],
          }),
        );
        outcome.feeStatus = 'CHARGED';
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'INSUFFICIENT_FUNDS')) throw error;
        outcome.feeStatus = 'UNPAID';
      }
    }
  }

  let strikeId: string | null = null;
  if (actor.role === 'driver' && wasAssigned) {
    const [strike] = await tx
      .insert(driverStrikes)
      .values({ driverId: actor.id, rideId: ride.id, reason: reason ?? 'Cancelled an accepted ride' })
      .returning({ id: driverStrikes.id });
    strikeId = strike?.id ?? null;
    outcome.strike = true;
    const [recent] = await tx
      .select({ n: count() })
      .from(driverStrikes)
      .where(
        and(
          eq(driverStrikes.driverId, actor.id),
          sql`${driverStrikes.createdAt} > now() - make_interval(days => ${rules.strikeWindowDays})`,
        ),
      );
    outcome.isDriverOverStrikeLimit = (recent?.n ?? 0) >= rules.strikeLimit;
  }

  await tx.insert(rideCancellations).values({
    rideId: ride.id,
    actorRole: actor.role,
    actorId: actor.id,
    reason: reason ?? null,
    statusAtCancellation: ride.previousStatus,
    fee: outcome.fee,
    feeStatus: outcome.feeStatus,
    strikeId,
  });
  return outcome;
}

async function isPastGrace(tx: Executor, acceptedAt: Date, graceMs: number): Promise<boolean> {
  // The database clock decides, like every other time rule here.
  const result = await tx.execute<{ late: boolean }>(
    sql`SELECT now() - ${acceptedAt.toISOString()}::timestamptz > make_interval(secs => ${graceMs / 1000}) AS late`,
  );
  return result.rows[0]?.late === true;
}
