import type { Database, Executor } from '@truck4u/database';
import type { Logger } from '../../infra/logger';
import type { HeldPaymentReturner } from '../cancellations/cancellation-policy';
import type { RideCompletionListener } from '../rides/ride-progress.service';
import { postTransaction } from '../wallet/ledger';
import { refundKey } from './payment-settlement';
import type { SettlementScheduler } from './payments.queue';
import {
  findHeldPaymentsOfCompletedRides,
  lockLiveRidePayment,
  markRefundedOnCancellation,
  setRidePayment,
  updatePendingPayment,
} from './payments.repository';
import { heldRefundEntries } from './settlement-entries';

/**
 * The two ends of a held payment that the rides module starts (docs/MONEY.md, Held payments): a completed
 * ride queues its release; a cancelled ride gives the money back in the cancellation's own transaction.
 */
export class HeldPayments implements HeldPaymentReturner, RideCompletionListener {
  constructor(
    private readonly db: Database,
    private readonly settlements: SettlementScheduler,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
  ) {}

  /**
   * Runs inside the cancellation's transaction, whose status update already locked the ride (the lock order
   * of every money path on a ride: ride, then payment). So a settlement job holding or releasing this
   * payment either committed before (and we see HELD, and give it back) or waits for us (and sees the ride
   * CANCELLED). The refund's ledger key is the payment's, so it posts once whatever happens.
   */
  async returnHeldPayment(tx: Executor, rideId: string): Promise<{ returned: number }> {
    const payment = await lockLiveRidePayment(tx, rideId);
    if (!payment) return { returned: 0 };
    if (payment.status === 'PENDING' && payment.method !== 'FLOUCI') {
      // Nothing was taken yet (the job had not run, or cash was declared): nothing to give back.
      await updatePendingPayment(tx, payment.id, {
        status: 'FAILED',
        providerData: { failureReason: 'The ride was cancelled before the payment was taken' },
      });
      await setRidePayment(tx, rideId, { status: 'NONE', method: null });
      return { returned: 0 };
    }
    // A Flouci payment still PENDING is decided by its webhook; the settlement then returns it (ride CANCELLED).
    if (payment.status !== 'HELD') return { returned: 0 };
    if (!payment.customerId) throw new Error(`ride payment ${payment.id} without its customer`);
    const posting = heldRefundEntries({ amount: payment.amount, customerId: payment.customerId });
    const posted = await postTransaction(tx, {
      ...posting,
      idempotencyKey: refundKey(payment.id),
      rideId,
      paymentId: payment.id,
    });
    if (!posted.created) throw new Error(`payment ${payment.id} is HELD but its refund was posted already`);
    const refunded = await markRefundedOnCancellation(tx, payment.id, rideId, 'The ride was cancelled');
    if (!refunded) throw new Error(`payment ${payment.id} changed under its row lock`);
    await setRidePayment(tx, rideId, { status: 'REFUNDED', method: payment.method });
    this.log.info(
      { paymentId: payment.id, rideId, amount: payment.amount },
      'held payment returned on cancellation',
    );
    return { returned: payment.amount };
  }

  /** Queues the release of the ride's held payment, if any; a lost call is recovered by the sweep. */
  async rideCompleted(rideId: string): Promise<void> {
    try {
      const payment = await this.db.transaction((tx) => lockLiveRidePayment(tx, rideId));
      if (payment?.status === 'HELD') await this.settlements.enqueueRelease(payment.id);
    } catch (error) {
      this.log.warn({ err: error, rideId }, 'release of a held payment could not be queued yet');
    }
  }

  /** The sweep's part: held payments of completed rides whose release job was lost. */
  async requeueReleases(limit = 200): Promise<void> {
    for (const payment of await findHeldPaymentsOfCompletedRides(this.db, limit)) {
      await this.settlements.enqueueRelease(payment.id);
    }
  }
}
