import type { PaymentStatus } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import { type FlouciGateway, FlouciUnavailableError } from '../../providers/flouci/flouci-gateway';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { failPendingPayment } from './payment-failure';
import type { PendingPaymentsSweep } from './payments.jobs';
import type { SettlementScheduler } from './payments.queue';
import {
  findPayment,
  findPaymentByProviderId,
  findStalePendingPayments,
  isFlouciVerified,
  type PaymentRow,
  updatePendingPayment,
} from './payments.repository';

/**
 * A request that has not stored Flouci's answer this long after inserting the payment never will (Flouci
 * calls time out in seconds): the api died in between, no page was shown, and the ride must be freed.
 */
const FLOUCI_PAGE_LOST_AFTER_MS = 120_000;

/**
 * Deciding payments already made: Flouci's webhook in the api, and the pending sweep in the worker, which
 * needs nothing else (no payment links, no intake). Both only ask Flouci and queue settlements; money moves
 * in the worker's settlement (payment-settlement.ts).
 */
export class FlouciReconciliation implements PendingPaymentsSweep {
  constructor(
    private readonly db: Database,
    private readonly flouci: Pick<FlouciGateway, 'verifyPayment'>,
    private readonly settlements: SettlementScheduler,
    private readonly log: Pick<Logger, 'warn' | 'error'>,
    /** Held payments of completed rides whose release job was lost (held-payments.service.ts). */
    private readonly heldReleases?: { requeueReleases(): Promise<void> },
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * Flouci's webhook. Nothing in the body is trusted but the id, and that only to find our payment: what was
   * paid comes from Flouci's verify call, which must report SUCCESS, our amount and our payment id as its
   * tracking id. Receiving it twice is harmless: a decided payment is answered as it stands, and settlement
   * is keyed by the payment.
   */
  async handleFlouciWebhook(providerPaymentId: string): Promise<{ status: PaymentStatus }> {
    const payment = await findPaymentByProviderId(this.db, providerPaymentId);
    if (!payment) throw notFound('Payment');
    return { status: await this.reconcileWithFlouci(payment) };
  }

  /**
   * Recovers what a crash or a lost message left behind: settlements whose job never reached Redis, and
   * Flouci payments whose webhook never came. Safe to run on several workers at once.
   */
  async sweepPending(olderThanMs = 60_000): Promise<void> {
    const stale = await findStalePendingPayments(this.db, olderThanMs, 200);
    for (const payment of stale) {
      try {
        if (payment.method !== 'FLOUCI' || isFlouciVerified(payment)) {
          await this.settlements.enqueueSettlement(payment.id);
        } else if (payment.providerPaymentId) {
          await this.reconcileWithFlouci(payment);
        } else if (Date.now() - payment.createdAt.getTime() > FLOUCI_PAGE_LOST_AFTER_MS) {
          // The api died between our insert and Flouci's answer: no page was ever shown to the customer.
          await failPendingPayment(
            this.db,
            payment,
            'The Flouci payment page was never created',
            this.rideSnapshots,
          );
        }
      } catch (error) {
        this.log.warn({ err: error, paymentId: payment.id }, 'payment sweep could not move a payment on');
      }
    }
    await this.heldReleases?.requeueReleases();
  }

  private async reconcileWithFlouci(payment: PaymentRow): Promise<PaymentStatus> {
    if (payment.status !== 'PENDING') return payment.status;
    if (isFlouciVerified(payment)) {
      await this.settlements.enqueueSettlement(payment.id);
      return payment.status;
    }
    if (!payment.providerPaymentId) return payment.status;
    let verification: Awaited<ReturnType<FlouciGateway['verifyPayment']>>;
    try {
      verification = await this.flouci.verifyPayment(payment.providerPaymentId);
    } catch (error) {
      if (error instanceof FlouciUnavailableError) {
        throw new AppError(
          'SERVICE_UNAVAILABLE',
          'Flouci could not be reached to verify the payment; retry later',
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    if (!verification) {
      this.log.error({ paymentId: payment.id }, 'Flouci does not know a payment id it gave us');
      throw new AppError('CONFLICT', 'Flouci does not know this payment');
    }
    if (verification.status === 'PENDING') {
      // Moves it to the back of the sweep's queue, so payments nobody pays cannot starve the others.
      await updatePendingPayment(this.db, payment.id, {});
      return 'PENDING';
    }
    if (verification.status !== 'SUCCESS') {
      return failPendingPayment(
        this.db,
        payment,
        `Flouci reported the payment as ${verification.status}`,
        this.rideSnapshots,
      );
    }
    if (verification.amount !== payment.amount || verification.trackingId !== payment.id) {
      // Money may have moved at Flouci, but not the money we asked for: operations must look at it.
      this.log.error(
        { paymentId: payment.id, expected: payment.amount, reported: verification.amount },
        'Flouci payment does not match ours; marked FAILED, nothing posted',
      );
      await failPendingPayment(
        this.db,
        payment,
        'Flouci reported a different amount or reference',
        this.rideSnapshots,
      );
      throw new AppError('CONFLICT', 'The Flouci payment does not match this payment; nothing was credited');
    }
    const verified = await updatePendingPayment(this.db, payment.id, {
      providerData: {
        verification: {
          status: verification.status,
          amount: verification.amount,
          trackingId: verification.trackingId,
          verifiedAt: new Date().toISOString(),
        },
      },
    });
    if (!verified) return (await findPayment(this.db, payment.id))?.status ?? payment.status;
    await this.settlements.enqueueSettlement(payment.id);
    return 'PENDING';
  }
}
