import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import { resolveCommissionRate } from '../commissions/commission-rate';
import { postTransaction } from '../wallet/ledger';
import {
  findRideToPay,
  isFlouciVerified,
  lockPayment,
  type PaymentRow,
  updatePendingPayment,
} from './payments.repository';
import { settlementEntries } from './settlement-entries';

export type SettlementOutcome = 'SETTLED' | 'ALREADY_SETTLED' | 'FAILED' | 'SKIPPED';

/** The idempotency key of a payment's ledger transaction: one settlement per payment, ever. */
export const settlementKey = (paymentId: string) => `payment:${paymentId}:settle`;

/**
 * Settles a payment in one database transaction: lock the payment row, post its ledger transaction (keyed
 * by the payment), mark it SUCCEEDED. Running it twice, concurrently, or again after a crash posts once:
 * the row lock serialises runs, the status check stops a second run, and the ledger key would refuse a
 * second posting even if the status check were bypassed.
 */
export class PaymentSettlement {
  constructor(
    private readonly db: Database,
    private readonly options: { delayMs: number },
    private readonly log: Pick<Logger, 'info' | 'warn'>,
  ) {}

  async settle(paymentId: string): Promise<SettlementOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        const payment = await lockPayment(tx, paymentId);
        if (!payment) {
          this.log.warn({ paymentId }, 'settlement of an unknown payment skipped');
          return 'SKIPPED';
        }
        if (payment.status === 'SUCCEEDED') return 'ALREADY_SETTLED';
        if (payment.status !== 'PENDING') return 'SKIPPED';
        if (payment.method === 'FLOUCI' && !isFlouciVerified(payment)) {
          // Only the webhook (after Flouci's verify call) may release a Flouci payment.
          this.log.warn({ paymentId }, 'settlement of an unverified Flouci payment skipped');
          return 'SKIPPED';
        }

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
        if (this.options.delayMs > 0) {
          // Test hook (refused in production): hold the transaction open, entries written but not committed,
          // so a test can kill the worker right here.
          this.log.info({ paymentId }, 'settlement holding its transaction open (PAYMENT_SETTLE_DELAY_MS)');
          await tx.execute(sql`SELECT pg_sleep(${this.options.delayMs / 1000})`);
        }
        await updatePendingPayment(tx, payment.id, { status: 'SUCCEEDED', settledAt: new Date() });
        this.log.info({ paymentId, commission: posting.commission }, 'payment settled');
        return 'SETTLED';
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'INSUFFICIENT_FUNDS') {
        // The wallet was spent between the request's balance check and now: this payment cannot succeed.
        await updatePendingPayment(this.db, paymentId, {
          status: 'FAILED',
          providerData: { failureReason: 'The wallet balance was too low when the payment was settled' },
        });
        this.log.warn({ paymentId }, 'wallet payment failed: insufficient funds at settlement');
        return 'FAILED';
      }
      throw error;
    }
  }

  private async settlementInput(
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    payment: PaymentRow,
  ) {
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
