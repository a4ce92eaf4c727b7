import type { DriverCashCap, Payment, RideStatus, SetCashCap } from '@truck4u/contracts';
import { type Database, uniqueViolationConstraint } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { AdminActionRecorder } from '../../infra/admin-action-recorder';
import type { Logger } from '../../infra/logger';
import { requestHash, sortedEntries } from '../../infra/request-hash';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { readCashCommission } from '../wallet/cash-commission-cap';
import type { PaymentSettlement } from './payment-settlement';
import {
  findDriverCashCap,
  flagOverdueCashPayments,
  insertPayment,
  lockLiveRidePayment,
  lockRideToPay,
  setDriverCashCap,
  toPayment,
} from './payments.repository';

/** The cash changes hands at delivery: the driver confirms it from the dropoff on. */
const CONFIRMABLE: readonly RideStatus[] = ['DROPOFF_ARRIVED', 'COMPLETED'];

/** The payment a driver's confirmation records when the customer never declared one (no client key has ':'). */
const confirmationKey = (rideId: string) => `cash-confirm:${rideId}`;

export interface CashRules {
  /** CASH_CONFIRM_WINDOW_MS: declared cash unconfirmed this long after the ride ended is flagged. */
  confirmWindowMs: number;
  /** CASH_COMMISSION_CAP_MILLIMES: the cap of drivers without an override. */
  defaultCapMillimes: number;
}

/**
 * Cash rides (docs/MONEY.md, Cash): the assigned driver confirms the cash was received, which settles the
 * payment (the commission owed is posted); declared cash left unconfirmed is flagged for admins; admins set a
 * driver's cap on the commission owed.
 */
export class CashConfirmationService {
  constructor(
    private readonly db: Database,
    private readonly settlement: Pick<PaymentSettlement, 'settleDirectly'>,
    private readonly rules: CashRules,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly recordAdminAction?: AdminActionRecorder,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * The ride's cash payment, settled: the one the customer declared, or one recorded now. Confirming again
   * answers the same payment (and posts nothing). Two confirmations at once queue on the ride's row lock.
   */
  async confirm(driverId: string, rideId: string): Promise<{ payment: Payment; isReplay: boolean }> {
    try {
      return await this.confirmOnce(driverId, rideId);
    } catch (error) {
      // The customer's declaration was inserted between our read and our insert: read it and settle that one.
      if (uniqueViolationConstraint(error) !== 'payments_one_success_per_ride') throw error;
      return this.confirmOnce(driverId, rideId);
    } finally {
      await this.rideSnapshots?.rides(rideId);
    }
  }

  private confirmOnce(driverId: string, rideId: string): Promise<{ payment: Payment; isReplay: boolean }> {
    return this.db.transaction(async (tx) => {
      const ride = await lockRideToPay(tx, rideId);
      // Another driver's ride, or one never theirs: it does not exist for them.
      if (!ride || ride.driverId !== driverId) throw notFound('Ride');
      if (!CONFIRMABLE.includes(ride.status) || !ride.price) {
        throw new AppError('CONFLICT', 'Cash is confirmed once the ride has reached its dropoff', {
          details: { status: ride.status },
        });
      }
      const live = await lockLiveRidePayment(tx, rideId);
      if (live && live.method !== 'CASH') {
        throw new AppError('CONFLICT', `This ride is paid by ${live.method}, not in cash`, {
          details: { method: live.method, status: live.status },
        });
      }
      if (live?.status === 'SUCCEEDED') return { payment: toPayment(live), isReplay: true };
      if (live && live.status !== 'PENDING') {
        throw new AppError('CONFLICT', `This ride's cash payment is ${live.status}`, {
          details: { status: live.status },
        });
      }
      const row =
        live ??
        (await insertPayment(tx, {
          owner: { role: 'customer', id: ride.customerId },
          rideId,
          purpose: 'RIDE',
          method: 'CASH',
          amount: ride.price,
          idempotencyKey: confirmationKey(rideId),
          requestHash: requestHash(sortedEntries({ purpose: 'RIDE', rideId, method: 'CASH' })),
        }));
      await this.settlement.settleDirectly(tx, row);
      const settled = await lockLiveRidePayment(tx, rideId);
      if (!settled) throw new Error(`cash payment of ride ${rideId} vanished`);
      this.log.info({ rideId, driverId, paymentId: settled.id }, 'cash confirmed by the driver');
      return { payment: toPayment(settled), isReplay: false };
    });
  }

  /** The job scheduler's run: flag declared cash left unconfirmed past the window (never settles it). */
  async flagOverdue(): Promise<number> {
    const flagged = await flagOverdueCashPayments(this.db, this.rules.confirmWindowMs);
    if (flagged.length > 0) {
      this.log.warn({ paymentIds: flagged }, 'cash payments not confirmed by the driver: flagged for admins');
    }
    return flagged.length;
  }

  /** An admin sets (or, with null, removes) a driver's own cap; audited in the same transaction. */
  async setCap(adminId: string, driverId: string, input: SetCashCap): Promise<DriverCashCap> {
    return this.db.transaction(async (tx) => {
      const before = await findDriverCashCap(tx, driverId);
      if (before === undefined) throw notFound('Driver');
      await setDriverCashCap(tx, driverId, input.capMillimes);
      await this.recordAdminAction?.(tx, {
        adminId,
        action: 'drivers.cash-cap',
        targetType: 'driver',
        targetId: driverId,
        before: { capMillimes: before },
        after: { capMillimes: input.capMillimes },
      });
      const state = await readCashCommission(tx, driverId, this.rules.defaultCapMillimes);
      return {
        driverId,
        capMillimes: input.capMillimes,
        effectiveCapMillimes: state.capMillimes,
        owedMillimes: state.owedMillimes,
      };
    });
  }
}
