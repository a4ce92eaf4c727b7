import type { RideDelivery, UnlockDeliveryCode, UserRef } from '@truck4u/contracts';
import type { Database, Executor } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { AdminActionRecorder } from '../../infra/admin-action-recorder';
import type { Logger } from '../../infra/logger';
import type { SmsSender } from '../../providers/sms/sms-sender';
import {
  deriveDeliveryCode,
  hashDeliveryCode,
  isDeliveryCodeCorrect,
  newDeliveryNonce,
} from './delivery-code';
import type { DeliveryCodeSmsScheduler } from './delivery-code-sms.queue';
import {
  claimCodeSms,
  countWrongTry,
  findDeliveryCode,
  findRideForTrust,
  findUnsentCodes,
  insertDeliveryCode,
  markCodeSmsSent,
  markCodeVerified,
  releaseCodeSms,
  replaceDeliveryCode,
  unlockDeliveryCode,
} from './proofs.repository';

export interface DeliveryCodeRules {
  /** Wrong codes before the code locks (DELIVERY_CODE_MAX_TRIES). */
  deliveryCodeMaxTries: number;
  /** Derives codes; only their hash is stored (DELIVERY_CODE_SECRET). */
  deliveryCodeSecret: string;
  /** A claim on a code's SMS older than this is its dead holder's and is taken over (DELIVERY_CODE_SMS_CLAIM_MS). */
  deliveryCodeSmsClaimMs: number;
}

/** Codes one sweep run queues at most; the next run takes the rest. */
const SWEEP_BATCH = 200;

/** Statuses in which a code exists and can still be used (or replaced by the customer). */
const CODE_STATUSES = ['IN_TRANSIT', 'DROPOFF_ARRIVED'] as const;

/**
 * The recipient's delivery code (docs/TRUST.md#delivery-code): made when the ride goes IN_TRANSIT, sent once
 * by SMS to the recipient, asked for when the driver completes the ride. The customer may read it (to relay
 * it) and replace it; nobody else sees it.
 */
export class DeliveryCodeService {
  constructor(
    private readonly db: Database,
    private readonly sms: SmsSender,
    private readonly rules: DeliveryCodeRules,
    private readonly recordAdminAction?: AdminActionRecorder,
    /** Where a failed SMS goes to be retried with backoff (the `delivery-codes` queue); unset: not retried. */
    private readonly smsRetries?: { scheduler: DeliveryCodeSmsScheduler; log: Pick<Logger, 'warn'> },
  ) {}

  private codeOf(rideId: string, nonce: string): string {
    return deriveDeliveryCode(this.rules.deliveryCodeSecret, rideId, nonce);
  }

  private fresh(rideId: string) {
    const nonce = newDeliveryNonce();
    const code = this.codeOf(rideId, nonce);
    return { rideId, nonce, codeHash: hashDeliveryCode(this.rules.deliveryCodeSecret, rideId, code) };
  }

  /** In the IN_TRANSIT transaction: the ride's code, unless it has one. */
  async issue(tx: Executor, rideId: string): Promise<void> {
    await insertDeliveryCode(tx, this.fresh(rideId));
  }

  /**
   * In the COMPLETED transaction, the ride's row locked by the caller: null when `code` is right. A wrong
   * code is counted (committed with the refusal) and answers DELIVERY_CODE_INVALID with the tries left;
   * at the limit the code locks and even the right one is refused until the customer replaces it.
   */
  async verify(tx: Executor, rideId: string, code: string | undefined): Promise<AppError | null> {
    const row = await findDeliveryCode(tx, rideId, true);
    // A ride posted with a recipient always got its code at IN_TRANSIT; none means nothing to check.
    if (!row) return null;
    const max = this.rules.deliveryCodeMaxTries;
    if (row.lockedAt) throw lockedError();
    if (code === undefined) {
      throw new AppError(
        'DELIVERY_CODE_INVALID',
        'This ride needs the delivery code the recipient received',
        {
          details: { triesLeft: max - row.failedTries },
        },
      );
    }
    if (isDeliveryCodeCorrect(this.rules.deliveryCodeSecret, rideId, code, row.codeHash)) {
      await markCodeVerified(tx, rideId);
      return null;
    }
    const counted = await countWrongTry(tx, rideId, max);
    if (counted.locked) return lockedError();
    return new AppError('DELIVERY_CODE_INVALID', 'The delivery code is wrong', {
      details: { triesLeft: Math.max(0, max - counted.failedTries) },
    });
  }

  /**
   * Sends the current code to the recipient unless it was sent: the claim is a conditional update, so two
   * callers (a retried request, two instances, the retry job) send it once; a failed send gives the claim
   * back and throws. `IN_FLIGHT`: another caller holds the claim right now (its send may still fail). A
   * claim whose holder died is taken over once it is older than the claim time, so the code is texted at
   * least once; twice only if Postgres is lost between the provider's answer and the write that records it.
   */
  async sendPending(rideId: string, onlyNonce?: string): Promise<'SENT' | 'NOTHING_TO_SEND' | 'IN_FLIGHT'> {
    const [ride, row] = await Promise.all([
      findRideForTrust(this.db, rideId),
      findDeliveryCode(this.db, rideId),
    ]);
    if (!ride?.recipientPhone || !row || row.smsSentAt) return 'NOTHING_TO_SEND';
    // A replaced code's retry stops: the new code has its own send (and its own retries).
    if (onlyNonce !== undefined && row.nonce !== onlyNonce) return 'NOTHING_TO_SEND';
    if (!(await claimCodeSms(this.db, rideId, row.nonce, this.rules.deliveryCodeSmsClaimMs)))
      return 'IN_FLIGHT';
    try {
      await this.sms.send({
        to: ride.recipientPhone,
        body: `Truck4u: your goods are on their way. Delivery code ${this.codeOf(rideId, row.nonce)}: give it to the driver only once you have them.`,
      });
    } catch (error) {
      await releaseCodeSms(this.db, rideId, row.nonce);
      throw new CodeSmsNotSent(row.nonce, error);
    }
    await markCodeSmsSent(this.db, rideId, row.nonce);
    return 'SENT';
  }

  /**
   * After the IN_TRANSIT commit or a reissue: sends the code now and, should the provider fail, leaves it to
   * the `delivery-code-sms` job, which retries with backoff. Never throws: the ride's move already stands.
   */
  async sendOrRetryLater(rideId: string): Promise<void> {
    try {
      await this.sendPending(rideId);
    } catch (error) {
      if (!this.smsRetries || !(error instanceof CodeSmsNotSent)) throw error;
      this.smsRetries.log.warn({ err: error, rideId }, 'delivery code SMS not sent; retrying later');
      await this.smsRetries.scheduler.scheduleRetry(rideId, error.nonce);
    }
  }

  /**
   * The `delivery-code-sms` job: texts code `nonce` unless it was sent, replaced, or the ride is no longer on
   * its way (delivered or cancelled: the text would only confuse). Throws while it could not, so BullMQ
   * retries with backoff.
   */
  async retrySms(rideId: string, nonce: string): Promise<void> {
    const ride = await findRideForTrust(this.db, rideId);
    if (!ride || !(CODE_STATUSES as readonly string[]).includes(ride.status)) return;
    const outcome = await this.sendPending(rideId, nonce);
    // Another send holds the claim: look again later, in case it fails and gives the claim back.
    if (outcome === 'IN_FLIGHT')
      throw new Error(`delivery code SMS of ride ${rideId} is being sent elsewhere`);
  }

  /**
   * The `delivery-code-sms-sweep` job: queues the retry job of every code on its way that was never texted
   * and that nobody is texting (see `findUnsentCodes`). It covers what the send after the commit cannot: the
   * process died before or during the send, or lost Postgres or Redis before it could queue its retry. The
   * retry job's id is per code, so a code whose retry is already queued is not queued twice.
   */
  async sweepUnsent(): Promise<number> {
    if (!this.smsRetries) return 0;
    const unsent = await findUnsentCodes(this.db, {
      statuses: CODE_STATUSES,
      claimMs: this.rules.deliveryCodeSmsClaimMs,
      limit: SWEEP_BATCH,
    });
    for (const { rideId, nonce } of unsent) await this.smsRetries.scheduler.scheduleRetry(rideId, nonce);
    if (unsent.length > 0) {
      this.smsRetries.log.warn(
        { codes: unsent.length },
        'delivery codes not texted yet; each has its retry queued',
      );
    }
    return unsent.length;
  }

  /** GET /api/rides/:id/delivery: the customer, the assigned driver and admins; only the customer sees the code. */
  async view(caller: UserRef, rideId: string): Promise<RideDelivery> {
    const ride = await findRideForTrust(this.db, rideId);
    const isCustomer = caller.role === 'customer' && ride?.customerId === caller.id;
    const isDriver = caller.role === 'driver' && ride?.driverId === caller.id;
    if (!ride || !(isCustomer || isDriver || caller.role === 'admin')) throw notFound('Ride');
    const row = await findDeliveryCode(this.db, rideId);
    return {
      rideId,
      recipient:
        ride.recipientName && ride.recipientPhone
          ? { name: ride.recipientName, phone: ride.recipientPhone }
          : null,
      hasCode: row !== null,
      code: row && isCustomer ? this.codeOf(rideId, row.nonce) : null,
      triesLeft: row ? Math.max(0, this.rules.deliveryCodeMaxTries - row.failedTries) : null,
      locked: row?.lockedAt != null,
      smsSentAt: row?.smsSentAt?.toISOString() ?? null,
    };
  }

  /**
   * POST /api/rides/:id/delivery/code: the customer replaces the code (lost SMS, or locked after wrong tries):
   * a new code, tries back to the limit, sent to the recipient again. The old code stops working at once.
   */
  async reissue(customerId: string, rideId: string): Promise<RideDelivery> {
    await this.db.transaction(async (tx) => {
      const ride = await findRideForTrust(tx, rideId, true);
      if (!ride || ride.customerId !== customerId) throw notFound('Ride');
      if (!(CODE_STATUSES as readonly string[]).includes(ride.status)) {
        throw new AppError('CONFLICT', 'A delivery code can be replaced while the ride is on its way', {
          details: { status: ride.status },
        });
      }
      if (!(await replaceDeliveryCode(tx, this.fresh(rideId)))) {
        throw new AppError('CONFLICT', 'This ride has no recipient, so no delivery code');
      }
    });
    try {
      await this.sendOrRetryLater(rideId);
    } catch {
      // Not even queued (Redis down too): the customer reads the new code in the answer and can relay it.
    }
    return this.view({ role: 'customer', id: customerId }, rideId);
  }

  /**
   * POST /api/admin/rides/:id/delivery-code/unlock: support unblocks a driver at the door when the customer
   * cannot be reached to replace the code. Tries go back to the limit; with `reissue` the code is replaced and
   * texted to the recipient as the customer's reissue does. Audited with the tries and lock before and after.
   */
  async adminUnlock(adminId: string, rideId: string, input: UnlockDeliveryCode): Promise<RideDelivery> {
    await this.db.transaction(async (tx) => {
      const ride = await findRideForTrust(tx, rideId, true);
      if (!ride) throw notFound('Ride');
      if (!(CODE_STATUSES as readonly string[]).includes(ride.status)) {
        throw new AppError('CONFLICT', 'A delivery code can be unlocked while the ride is on its way', {
          details: { status: ride.status },
        });
      }
      const before = await findDeliveryCode(tx, rideId, true);
      if (!before) throw new AppError('CONFLICT', 'This ride has no recipient, so no delivery code');
      if (input.reissue) await replaceDeliveryCode(tx, this.fresh(rideId));
      else await unlockDeliveryCode(tx, rideId);
      await this.recordAdminAction?.(tx, {
        adminId,
        action: 'deliveryCodes.unlock',
        targetType: 'ride',
        targetId: rideId,
        before: { failedTries: before.failedTries, locked: before.lockedAt !== null },
        after: { failedTries: 0, locked: false, reissued: input.reissue, reason: input.reason },
      });
    });
    if (input.reissue) {
      try {
        await this.sendOrRetryLater(rideId);
      } catch {
        // Not even queued: the code is unlocked either way, and the customer can read the new one and relay it.
      }
    }
    return this.view({ role: 'admin', id: adminId }, rideId);
  }
}

/** The provider refused or timed out; `nonce` names the code whose send the retry job takes over. */
class CodeSmsNotSent extends AppError {
  constructor(
    readonly nonce: string,
    cause: unknown,
  ) {
    super('SERVICE_UNAVAILABLE', 'The delivery code SMS could not be sent', { cause });
  }
}

function lockedError(): AppError {
  return new AppError(
    'DELIVERY_CODE_LOCKED',
    'Too many wrong delivery codes: the customer must issue a new code before the ride can be completed',
    { details: { triesLeft: 0 } },
  );
}
