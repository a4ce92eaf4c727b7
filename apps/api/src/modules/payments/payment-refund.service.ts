import { type AdminPayment, formatTnd, type RefundPayment } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import { AppError, notFound } from '../../errors/app-error';
import type { AdminActionRecorder } from '../../infra/admin-action-recorder';
import type { Logger } from '../../infra/logger';
import type { NotificationSender } from '../notifications/notification-sender';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { postedLines, postTransaction } from '../wallet/ledger';
import { refundKey, settlementKey } from './payment-settlement';
import {
  findPayment,
  findRideToPay,
  lockPayment,
  lockRideToPay,
  markRefunded,
  type PaymentRow,
  setRidePayment,
  toAdminPayment,
} from './payments.repository';
import { refundEntries } from './refund-entries';

export { refundKey };

export interface RefundResult {
  payment: AdminPayment;
  /** True when this Idempotency-Key already refunded this payment: the answer is the first one's. */
  isReplay: boolean;
}

/** Admin refunds of succeeded ride payments (docs/MONEY.md, Refunds). */
export class PaymentRefundService {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationSender,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    /** The admin audit log, written in the refund's transaction. */
    private readonly recordAdminAction?: AdminActionRecorder,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * Refunds the whole payment in one database transaction: lock the payment row, post the reverse of its
   * settlement under `payment:<id>:refund`, mark it REFUNDED. Concurrent requests queue on the row lock; the
   * first refunds, later ones with its Idempotency-Key replay it, any other key gets 409. The ledger key
   * would refuse a second posting even if the status check were bypassed.
   */
  async refund(
    adminId: string,
    paymentId: string,
    idempotencyKey: string,
    input: RefundPayment,
  ): Promise<RefundResult> {
    // Lock order for money on a ride: the ride, then the payment (payments.repository.ts, lockRideToPay).
    const first = await findPayment(this.db, paymentId);
    const outcome = await this.db.transaction(async (tx) => {
      if (first?.rideId) await lockRideToPay(tx, first.rideId);
      const payment = await lockPayment(tx, paymentId);
      if (!payment) throw notFound('Payment');
      if (payment.status === 'REFUNDED')
        return { row: payment, isReplay: this.isReplay(payment, idempotencyKey, input) };
      if (payment.status !== 'SUCCEEDED') {
        // A HELD payment is given back by cancelling the ride (POST /api/admin/rides/:id/cancel).
        throw new AppError('CONFLICT', 'Only a succeeded payment can be refunded', {
          details: { status: payment.status },
        });
      }
      if (payment.purpose !== 'RIDE' || !payment.rideId || !payment.customerId) {
        // A top-up refund would take money out of a wallet the owner may already have spent: not offered.
        throw new AppError('CONFLICT', 'Only ride payments can be refunded', {
          details: { purpose: payment.purpose },
        });
      }
      const ride = await findRideToPay(tx, payment.rideId);
      if (!ride?.driverId) throw new Error(`payment ${payment.id}: its ride has no driver`);
      // A dispute already gave part of the price back: a full refund on top would pay the customer twice.
      const disputeRefunds = await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM ledger_transactions WHERE ride_id = ${payment.rideId} AND kind = 'DISPUTE_REFUND'`,
      );
      if ((disputeRefunds.rows[0]?.n ?? 0) > 0) {
        throw new AppError('CONFLICT', 'Part of this ride was already refunded through a dispute', {
          details: { rideId: payment.rideId, disputeRefunds: disputeRefunds.rows[0]?.n },
        });
      }

      const posting = refundEntries({
        method: payment.method,
        amount: payment.amount,
        customerId: payment.customerId,
        driverId: ride.driverId,
        settlement: (await postedLines(tx, settlementKey(payment.id))) ?? [],
        // Held then released at completion: the settlement took the price from escrow.
        isHeld: payment.heldAt !== null,
      });
      const posted = await postTransaction(tx, {
        kind: 'REFUND',
        description: posting.description,
        idempotencyKey: refundKey(payment.id),
        rideId: payment.rideId,
        paymentId: payment.id,
        entries: posting.entries,
      });
      // The row lock and the status check make this unreachable; if the ledger disagrees, roll back.
      if (!posted.created) throw new Error(`payment ${payment.id} has a refund posted but is not REFUNDED`);
      const refunded = await markRefunded(tx, payment.id, { adminId, reason: input.reason, idempotencyKey });
      if (!refunded) throw new Error(`payment ${payment.id} changed status under its row lock`);
      await setRidePayment(tx, payment.rideId, { status: 'REFUNDED', method: payment.method });
      await this.recordAdminAction?.(tx, {
        adminId,
        action: 'payments.refund',
        targetType: 'payment',
        targetId: payment.id,
        before: { status: payment.status, amount: payment.amount },
        after: { status: refunded.status, reason: input.reason },
      });
      this.log.info(
        { paymentId, adminId, amount: payment.amount, commission: posting.commission },
        'payment refunded',
      );
      return { row: refunded, isReplay: false, driverId: ride.driverId, commission: posting.commission };
    });
    if (outcome.row.rideId) await this.rideSnapshots?.rides(outcome.row.rideId);

    if (!outcome.isReplay && 'driverId' in outcome) {
      await this.notifyRefund(outcome.row, outcome.driverId, outcome.commission);
    }
    return { payment: toAdminPayment(outcome.row), isReplay: outcome.isReplay };
  }

  /** A retry of the refund that succeeded is a replay; anything else on a refunded payment is a conflict. */
  private isReplay(payment: PaymentRow, idempotencyKey: string, input: RefundPayment): true {
    if (payment.refundIdempotencyKey !== idempotencyKey) {
      throw new AppError('CONFLICT', 'This payment is already refunded', {
        details: { status: payment.status, refundedAt: payment.refundedAt?.toISOString() ?? null },
      });
    }
    if (payment.refundReason !== input.reason) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key refunded this payment with another reason; the refund stands as it was',
        { details: { paymentId: payment.id } },
      );
    }
    return true;
  }

  /** Best effort: the refund is committed whether or not an SMS gets through. */
  private async notifyRefund(payment: PaymentRow, driverId: string, commission: number): Promise<void> {
    const messages = [
      {
        recipient: { role: 'customer' as const, id: payment.customerId ?? '' },
        message: `your ride payment of ${formatTnd(payment.amount)} was refunded to your Truck4u wallet.`,
      },
      {
        recipient: { role: 'driver' as const, id: driverId },
        message: `a ride of ${formatTnd(payment.amount)} was refunded to the customer; ${formatTnd(payment.amount - commission)} was taken back from your wallet.`,
      },
    ];
    for (const { recipient, message } of messages) {
      try {
        await this.notifications.notify(recipient, message);
      } catch (error) {
        this.log.warn({ err: error, paymentId: payment.id, recipient }, 'refund notification not sent');
      }
    }
  }
}
