import type { CreatePayment, CreateTopUp, Payment, RideStatus, UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { uniqueViolationConstraint } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import { requestHash, sortedEntries } from '../../infra/request-hash';
import { type FlouciGateway, FlouciUnavailableError } from '../../providers/flouci/flouci-gateway';
import type { RideSnapshotInvalidation } from '../rides/ride-snapshot-cache';
import { cashCommissionCapReached, readCashCommission } from '../wallet/cash-commission-cap';
import { balanceOf, customerWallet } from '../wallet/ledger';
import { failPendingPayment } from './payment-failure';
import type { SettlementScheduler } from './payments.queue';
import {
  findPayment,
  findPaymentByKey,
  findRideToPay,
  insertPayment,
  isFlouciVerified,
  isOwnedBy,
  type PaymentRow,
  pendingWalletTotal,
  setRidePayment,
  toPayment,
  updatePendingPayment,
} from './payments.repository';

/** A ride may be paid from acceptance to completion (held until delivery before it, direct after). */
const PAYABLE: readonly RideStatus[] = [
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
  'COMPLETED',
];

export interface PaymentLinks {
  /** Where Flouci posts its webhook: PUBLIC_API_URL. */
  publicApiUrl: string;
  /** Where Flouci sends the customer back: FRONTEND_URL. */
  frontendUrl: string;
}

export interface PaymentResult {
  payment: Payment;
  /** True when the Idempotency-Key had been used before with the same request. */
  isReplay: boolean;
}

/** A Flouci page left unpaid this long is asked about by the sweep (Flouci's default session is 20 min). */
const FLOUCI_SESSION_SECS = 1200;
/** How long a replay waits for the first request to get Flouci's page, so it can return the same link. */
const FLOUCI_LINK_WAIT_MS = 15_000;

/**
 * Taking payments: pay a completed ride (cash, wallet, Flouci), top up a wallet through Flouci, read one's
 * payment. Cash and wallet payments are queued for settlement at once; a Flouci one gets its payment page
 * here and is decided later by FlouciReconciliation.
 */
export class PaymentIntakeService {
  constructor(
    private readonly db: Database,
    private readonly flouci: Pick<FlouciGateway, 'generatePayment'>,
    private readonly settlements: SettlementScheduler,
    private readonly links: PaymentLinks,
    private readonly log: Pick<Logger, 'warn'>,
    /** CASH_COMMISSION_CAP_MILLIMES: the cap of drivers without an admin's override. */
    private readonly cashCommissionCapMillimes = Number.MAX_SAFE_INTEGER,
    private readonly rideSnapshots?: RideSnapshotInvalidation,
  ) {}

  /**
   * Same key and same body return the first payment (in its current state); same key and another body, 422.
   * A ride has at most one PENDING or SUCCEEDED payment (a partial unique index): other keys get 409.
   */
  async payRide(customerId: string, idempotencyKey: string, input: CreatePayment): Promise<PaymentResult> {
    const requestHash = hashRequest({ purpose: 'RIDE', rideId: input.rideId, method: input.method });
    const owner: UserRef<'customer' | 'driver'> = { role: 'customer', id: customerId };
    const earlier = await findPaymentByKey(this.db, owner, idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash);

    const ride = await findRideToPay(this.db, input.rideId);
    if (!ride || ride.customerId !== customerId) throw notFound('Ride');
    // From acceptance on (docs/MONEY.md, Held payments): before completion wallet and Flouci money is held in
    // escrow until delivery; after it, paid directly.
    if (!PAYABLE.includes(ride.status)) {
      throw new AppError(
        'CONFLICT',
        'A ride can be paid once a bid is accepted, and not once it is cancelled',
        {
          details: { status: ride.status },
        },
      );
    }
    if (!ride.price || !ride.driverId) throw new AppError('CONFLICT', 'This ride has no price to pay');
    if (input.method === 'CASH' && ride.status !== 'COMPLETED') {
      // Choosing cash for a delivery to come: refused while the driver owes their cap in cash commission.
      // After completion the cash has changed hands already; the declaration only records it.
      const cash = await readCashCommission(this.db, ride.driverId, this.cashCommissionCapMillimes);
      if (cash.isCapReached) throw cashCommissionCapReached(cash);
    }
    if (input.method === 'WALLET') {
      // Wallet payments not settled yet are as good as spent: without this, two rides paid a moment apart
      // would both be accepted here and the second would only fail in the worker.
      const balance = await balanceOf(this.db, customerWallet(customerId));
      const available = balance - (await pendingWalletTotal(this.db, customerId));
      if (available < ride.price) {
        throw new AppError(
          'INSUFFICIENT_FUNDS',
          'The wallet balance is too low for this ride; top it up first',
          { details: { balance, available, amount: ride.price } },
        );
      }
    }

    const created = await this.insertOnce(
      {
        owner,
        rideId: ride.id,
        purpose: 'RIDE',
        method: input.method,
        amount: ride.price,
        idempotencyKey,
        requestHash,
      },
      requestHash,
    );
    if (!('row' in created)) return created;
    const row = created.row;
    await setRidePayment(this.db, ride.id, { status: 'NONE', method: input.method });
    await this.rideSnapshots?.rides(ride.id);
    if (input.method === 'FLOUCI')
      return { payment: toPayment(await this.startFlouci(row)), isReplay: false };
    // Declared cash waits for the driver's confirmation (POST /api/rides/:id/payments/cash/confirm).
    if (input.method !== 'CASH') await this.enqueueSettlement(row.id);
    return { payment: toPayment(row), isReplay: false };
  }

  /**
   * A PENDING top-up and the Flouci page to pay it; the owner's wallet (a customer's, or a driver's paying off
   * commission owed on cash rides) is credited once Flouci confirms.
   */
  async topUp(
    owner: UserRef<'customer' | 'driver'>,
    idempotencyKey: string,
    input: CreateTopUp,
  ): Promise<PaymentResult> {
    const requestHash = hashRequest({ purpose: 'TOP_UP', amount: input.amount });
    const earlier = await findPaymentByKey(this.db, owner, idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash);
    const created = await this.insertOnce(
      {
        owner,
        rideId: null,
        purpose: 'TOP_UP',
        method: 'FLOUCI',
        amount: input.amount,
        idempotencyKey,
        requestHash,
      },
      requestHash,
    );
    if (!('row' in created)) return created;
    return { payment: toPayment(await this.startFlouci(created.row)), isReplay: false };
  }

  async get(owner: UserRef<'customer' | 'driver'>, paymentId: string): Promise<Payment> {
    const row = await findPayment(this.db, paymentId);
    if (!row || !isOwnedBy(row, owner)) throw notFound('Payment');
    return toPayment(row);
  }

  private async replay(row: PaymentRow, requestHash: string): Promise<PaymentResult> {
    if (row.requestHash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different request; use a new key for a new payment',
        { details: { paymentId: row.id } },
      );
    }
    // The first request may have died before its settlement job was queued; asking again is a no-op otherwise.
    const isDeclaredCash = row.method === 'CASH' && row.purpose === 'RIDE';
    if (row.status === 'PENDING' && !isDeclaredCash && (row.method !== 'FLOUCI' || isFlouciVerified(row))) {
      await this.enqueueSettlement(row.id);
    }
    return { payment: toPayment(await this.withFlouciLink(row)), isReplay: true };
  }

  /**
   * A client retrying while the first request is still waiting for Flouci would otherwise get the payment
   * without its page, and could not pay: wait (briefly) for the first request to store the link.
   */
  private async withFlouciLink(row: PaymentRow): Promise<PaymentRow> {
    let current = row;
    const deadline = row.createdAt.getTime() + FLOUCI_LINK_WAIT_MS;
    while (
      current.method === 'FLOUCI' &&
      current.status === 'PENDING' &&
      !current.providerPaymentId &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = (await findPayment(this.db, row.id)) ?? current;
    }
    return current;
  }

  /**
   * Inserts the payment; concurrent requests with the same key wait on the unique index and then replay the
   * winner's payment. A second live payment for the same ride is refused by the partial unique index.
   */
  private async insertOnce(
    values: Parameters<typeof insertPayment>[1],
    requestHash: string,
  ): Promise<{ row: PaymentRow; isReplay: false } | PaymentResult> {
    try {
      return { row: await insertPayment(this.db, values), isReplay: false };
    } catch (error) {
      const constraint = uniqueViolationConstraint(error);
      if (constraint === null) throw error;
      // Which unique index Postgres reports first depends on index order, not on intent: a concurrent
      // request with the same key collides on both. The key decides: if it exists now, this is a replay.
      const winner = await findPaymentByKey(this.db, values.owner, values.idempotencyKey);
      if (winner) return this.replay(winner, requestHash);
      if (constraint === 'payments_one_success_per_ride') {
        throw new AppError('CONFLICT', 'This ride is already paid or has a payment in progress');
      }
      throw error;
    }
  }

  private async startFlouci(row: PaymentRow): Promise<PaymentRow> {
    const returnTo = (result: string) =>
      new URL(`/payments/${row.id}?result=${result}`, this.links.frontendUrl).toString();
    try {
      const { providerPaymentId, link } = await this.flouci.generatePayment({
        amount: row.amount,
        trackingId: row.id,
        successLink: returnTo('success'),
        failLink: returnTo('fail'),
        webhookUrl: new URL('/api/payments/flouci/webhook', this.links.publicApiUrl).toString(),
        sessionTimeoutSecs: FLOUCI_SESSION_SECS,
      });
      const updated = await updatePendingPayment(this.db, row.id, {
        providerPaymentId,
        providerData: { link },
      });
      return updated ?? row;
    } catch (error) {
      if (!(error instanceof FlouciUnavailableError)) throw error;
      this.log.warn({ err: error, paymentId: row.id }, 'Flouci refused or is unreachable');
      // FAILED frees the ride for another attempt; this key keeps answering with this failed payment.
      await failPendingPayment(this.db, row, 'Flouci was unavailable', this.rideSnapshots);
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'Flouci is unavailable; try again later with a new Idempotency-Key',
        {
          details: { paymentId: row.id },
          cause: error,
        },
      );
    }
  }

  private async enqueueSettlement(paymentId: string): Promise<void> {
    try {
      await this.settlements.enqueueSettlement(paymentId);
    } catch (error) {
      // The payment is recorded; the sweep (or a retry with the same key) queues it once Redis is back.
      this.log.warn({ err: error, paymentId }, 'settlement could not be queued yet');
    }
  }
}

/** A stable fingerprint of what a request asked for; keys order-independent. */
function hashRequest(request: Record<string, string | number>): string {
  return requestHash(sortedEntries(request));
}
