import type { RideStatus } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import { resolveCommissionRate } from '../commissions/commission-rate';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { postTransaction } from '../wallet/ledger';
import {
  findPayment,
  findRideToPay,
  isFlouciVerified,
  lockPayment,
  lockRideToPay,
  markHeld,
  markRefundedOnCancellation,
  markReleased,
  type PaymentRow,
  type RideToPay,
  setRidePayment,
  updatePendingPayment,
} from './payments.repository';
import { heldRefundEntries, holdEntries, holdKey, settlementEntries } from './settlement-entries';

/** The idempotency key of a payment's refund transaction: one refund per payment, ever, whatever the HTTP key. */
export const refundKey = (paymentId: string) => `payment:${paymentId}:refund`;

export type SettlementOutcome =
  | 'SETTLED'
  | 'HELD'
  | 'RELEASED'
  | 'REFUNDED'
  | 'ALREADY_SETTLED'
  | 'FAILED'
  | 'SKIPPED';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The idempotency key of a payment's ledger transaction: one settlement per payment, ever. */
export const settlementKey = (paymentId: string) => `payment:${paymentId}:settle`;

/** Ride statuses in which a ride paid now is held until delivery (accepted, not finished). */
const HOLDING_STATUSES: readonly RideStatus[] = [
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
];

/**
 * Settles a payment in one database transaction (docs/MONEY.md): lock the ride, then the payment, post its
 * ledger transaction (keyed by the payment), move its status. What it posts depends on the ride:
 * - ride still under way: the money goes into ESCROW (`payment:<id>:hold`), the payment is HELD;
 * - ride COMPLETED and the payment HELD: escrow is released to the driver and the platform (`:settle`);
 * - ride COMPLETED, never held: today's direct settlement (`:settle`), PAID as the ride shows it;
 * - ride CANCELLED: a wallet payment fails with nothing taken; a Flouci payment that arrived after the
 *   cancellation goes to the customer's wallet (REFUNDED).
 * Running it twice, concurrently, or again after a crash posts once: the row locks serialise runs (and runs
 * against a cancellation, which locks the ride first too), the status checks stop a second run, and the
 * ledger keys would refuse a second posting even if the checks were bypassed. Declared cash is never
 * settled here: only the driver's confirmation does (cash-confirmation.service.ts).
 */
export class PaymentSettlement {
  constructor(
    private readonly db: Database,
    private readonly options: { delayMs: number },
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  async settle(paymentId: string): Promise<SettlementOutcome> {
    // Unlocked read for the ride id only (it never changes); everything decided below is read under locks.
    const first = await findPayment(this.db, paymentId);
    if (!first) {
      this.log.warn({ paymentId }, 'settlement of an unknown payment skipped');
      return 'SKIPPED';
    }
    try {
      return await this.db.transaction(async (tx) => {
        const ride =
          first.purpose === 'RIDE' && first.rideId ? await lockRideToPay(tx, first.rideId) : undefined;
        const payment = await lockPayment(tx, paymentId);
        if (!payment) return 'SKIPPED';
        if (payment.status === 'SUCCEEDED') return 'ALREADY_SETTLED';
        if (payment.status === 'HELD') return this.release(tx, payment, ride);
        if (payment.status !== 'PENDING') return 'SKIPPED';
        if (payment.method === 'FLOUCI' && !isFlouciVerified(payment)) {
          // Only the webhook (after Flouci's verify call) may release a Flouci payment.
          this.log.warn({ paymentId }, 'settlement of an unverified Flouci payment skipped');
          return 'SKIPPED';
        }
        if (payment.purpose === 'RIDE') {
          if (!ride) throw new Error(`payment ${payment.id}: its ride is missing`);
          if (payment.method === 'CASH') return 'SKIPPED';
          if (ride.status === 'CANCELLED') return this.settleOnCancelledRide(tx, payment, ride);
          if (HOLDING_STATUSES.includes(ride.status)) return this.hold(tx, payment, ride);
        }
        return this.settleDirectly(tx, payment);
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'INSUFFICIENT_FUNDS') {
        // The wallet was spent between the request's balance check and now: this payment cannot succeed.
        const failed = await updatePendingPayment(this.db, paymentId, {
          status: 'FAILED',
          providerData: { failureReason: 'The wallet balance was too low when the payment was settled' },
        });
        if (failed?.rideId) await setRidePayment(this.db, failed.rideId, { status: 'NONE', method: null });
        this.log.warn({ paymentId }, 'wallet payment failed: insufficient funds at settlement');
        return 'FAILED';
      }
      throw error;
    } finally {
      // Whatever was decided has committed (or nothing changed): the ride's payment status may have moved.
      if (first.rideId) await this.rideSnapshots?.rides(first.rideId);
    }
  }

  /**
   * Today's settlement, inside the caller's transaction (which holds the payment's row lock): ride payments
   * after completion, top-ups, and cash the driver confirmed.
   */
  async settleDirectly(tx: Tx, payment: PaymentRow): Promise<'SETTLED'> {
    const posting = settlementEntries(await this.settlementInput(tx, payment));
    if (posting.entries.length > 0) {
      await postTransaction(tx, {
        kind: posting.kind,
        description: posting.description,
        idempotencyKey: settlementKey(payment.id),
        rideId: payment.rideId,
        paymentId: payment.id,
        entries: posting.entries,
      });
    }
    await this.holdOpenForTests(tx, payment.id);
    await updatePendingPayment(tx, payment.id, { status: 'SUCCEEDED', settledAt: new Date() });
    if (payment.purpose === 'RIDE' && payment.rideId) {
      await setRidePayment(tx, payment.rideId, { status: 'PAID', method: payment.method });
    }
    this.log.info({ paymentId: payment.id, commission: posting.commission }, 'payment settled');
    return 'SETTLED';
  }

  /** Payer -> ESCROW; the payment is HELD until the ride completes or is cancelled. */
  private async hold(tx: Tx, payment: PaymentRow, ride: RideToPay): Promise<'HELD'> {
    const posting = holdEntries({
      method: payment.method,
      amount: payment.amount,
      customerId: ride.customerId,
    });
    await postTransaction(tx, {
      ...posting,
      idempotencyKey: holdKey(payment.id),
      rideId: ride.id,
      paymentId: payment.id,
    });
    await this.holdOpenForTests(tx, payment.id);
    if (!(await markHeld(tx, payment.id)))
      throw new Error(`payment ${payment.id} changed under its row lock`);
    await setRidePayment(tx, ride.id, { status: 'HELD', method: payment.method });
    this.log.info({ paymentId: payment.id, rideId: ride.id }, 'payment held in escrow until delivery');
    return 'HELD';
  }

  /** ESCROW -> driver (price less commission) and platform (commission), once the ride is COMPLETED. */
  private async release(
    tx: Tx,
    payment: PaymentRow,
    ride: RideToPay | undefined,
  ): Promise<'RELEASED' | 'SKIPPED'> {
    // Held money waits for the delivery; a cancellation gives it back instead (held-payments.service.ts).
    if (ride?.status !== 'COMPLETED') return 'SKIPPED';
    const posting = settlementEntries({ ...(await this.settlementInput(tx, payment)), isHeld: true });
    await postTransaction(tx, {
      kind: posting.kind,
      description: posting.description,
      idempotencyKey: settlementKey(payment.id),
      rideId: payment.rideId,
      paymentId: payment.id,
      entries: posting.entries,
    });
    await this.holdOpenForTests(tx, payment.id);
    if (!(await markReleased(tx, payment.id))) {
      throw new Error(`payment ${payment.id} changed under its row lock`);
    }
    await setRidePayment(tx, ride.id, { status: 'RELEASED', method: payment.method });
    this.log.info({ paymentId: payment.id, commission: posting.commission }, 'held payment released');
    return 'RELEASED';
  }

  /**
   * The ride was cancelled before this payment was taken. A wallet payment is simply not taken. A Flouci one
   * was paid at Flouci (verified): the money is ours to give back, so it goes through escrow to the customer's
   * wallet, exactly as a held payment would have on the cancellation.
   */
  private async settleOnCancelledRide(
    tx: Tx,
    payment: PaymentRow,
    ride: RideToPay,
  ): Promise<'FAILED' | 'REFUNDED'> {
    if (payment.method !== 'FLOUCI') {
      await updatePendingPayment(tx, payment.id, {
        status: 'FAILED',
        providerData: { failureReason: 'The ride was cancelled before the payment was taken' },
      });
      await setRidePayment(tx, ride.id, { status: 'NONE', method: null });
      return 'FAILED';
    }
    const hold = holdEntries({ method: 'FLOUCI', amount: payment.amount, customerId: ride.customerId });
    await postTransaction(tx, {
      ...hold,
      idempotencyKey: holdKey(payment.id),
      rideId: ride.id,
      paymentId: payment.id,
    });
    const back = heldRefundEntries({ amount: payment.amount, customerId: ride.customerId });
    await postTransaction(tx, {
      ...back,
      idempotencyKey: refundKey(payment.id),
      rideId: ride.id,
      paymentId: payment.id,
    });
    await markRefundedOnCancellation(
      tx,
      payment.id,
      ride.id,
      'The ride was cancelled before the payment arrived',
    );
    await setRidePayment(tx, ride.id, { status: 'REFUNDED', method: payment.method });
    this.log.info(
      { paymentId: payment.id, rideId: ride.id },
      'Flouci payment of a cancelled ride returned to the wallet',
    );
    return 'REFUNDED';
  }

  private async holdOpenForTests(tx: Tx, paymentId: string): Promise<void> {
    if (this.options.delayMs <= 0) return;
    // Test hook (refused in production): hold the transaction open, entries written but not committed,
    // so a test can kill the worker right here.
    this.log.info({ paymentId }, 'settlement holding its transaction open (PAYMENT_SETTLE_DELAY_MS)');
    await tx.execute(sql`SELECT pg_sleep(${this.options.delayMs / 1000})`);
  }

  private async settlementInput(tx: Tx, payment: PaymentRow) {
    const base = {
      purpose: payment.purpose === 'TOP_UP' ? ('TOP_UP' as const) : ('RIDE' as const),
      method: payment.method,
      amount: payment.amount,
      customerId: payment.customerId,
      // A top-up's driver is its owner; a ride's comes from the ride below.
      driverId: payment.driverId,
      commissionRateBps: null,
    };
    if (base.purpose === 'TOP_UP') return base;
    const ride = payment.rideId ? await findRideToPay(tx, payment.rideId) : undefined;
    if (!ride?.driverId) throw new Error(`payment ${payment.id}: its ride has no driver`);
    // The rate fixed at acceptance; rides accepted before that column was filled fall back to today's rule.
    const rateBps =
      ride.commissionRateBps ??
      (await resolveCommissionRate(tx, ride.customerId, ride.governorateCode)).rateBps;
    return { ...base, driverId: ride.driverId, commissionRateBps: rateBps };
  }
}
