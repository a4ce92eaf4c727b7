import {
  type AdminDispute,
  type AdminDisputesQuery,
  adminCan,
  type CreateDispute,
  DISPUTE_WINDOW_DAYS,
  type Dispute,
  formatTnd,
  type ResolveDispute,
  type UserRef,
} from '@truck4u/contracts';
import { type Database, type Executor, uniqueViolationConstraint } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { AdminActionRecorder } from '../../infra/admin-action-recorder';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import type { NotificationSender } from '../notifications/notification-sender';
import { settlementKey } from '../payments/payment-settlement';
import { claimUploads } from '../uploads/upload-claims.repository';
import { postedLines, postTransaction } from '../wallet/ledger';
import { disputeRefundEntries } from './dispute-refund-entries';
import {
  type DisputeRow,
  decideDispute,
  findAdminRole,
  findRideForDispute,
  insertDispute,
  listAdminDisputes,
  listRideDisputes,
  lockDispute,
  lockSucceededRidePayment,
  refundedThroughDisputes,
  toAdminDisputeDto,
  toDisputeDto,
} from './disputes.repository';

const DAY_MS = 24 * 60 * 60_000;

/** The idempotency key of a dispute's refund: one refund per dispute, ever. */
export const disputeRefundKey = (disputeId: string) => `dispute:${disputeId}:refund`;

type Party = 'customer' | 'driver';
interface Parties {
  customerId: string;
  driverId: string | null;
}

/** Disputes about a ride (docs/TRUST.md#disputes): opened by a party, decided by an admin. */
export class DisputesService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    private readonly notifications: NotificationSender,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly recordAdminAction?: AdminActionRecorder,
  ) {}

  /**
   * The ride's customer or assigned driver, once a bid was accepted and until DISPUTE_WINDOW_DAYS after the
   * ride ended; one OPEN dispute per ride and party (a partial unique index decides between racing posts).
   */
  async open(caller: UserRef, rideId: string, input: CreateDispute): Promise<Dispute> {
    const ride = await findRideForDispute(this.db, rideId);
    const party = ride ? partyOf(caller, ride) : null;
    if (!ride || !party) throw notFound('Ride');
    if (!ride.acceptedAt || !ride.driverId) {
      throw new AppError('CONFLICT', 'A ride can be disputed once a driver was accepted for it', {
        details: { status: ride.status },
      });
    }
    const endedAt = ride.completedAt ?? ride.cancelledAt;
    if (endedAt && Date.now() - endedAt.getTime() > DISPUTE_WINDOW_DAYS * DAY_MS) {
      throw new AppError(
        'CONFLICT',
        `A ride can be disputed up to ${DISPUTE_WINDOW_DAYS} days after it ended; contact support`,
        { details: { endedAt: endedAt.toISOString() } },
      );
    }
    let row: DisputeRow;
    try {
      row = await this.db.transaction(async (tx) => {
        const uploadIds = await claimUploads(tx, {
          uploadIds: input.uploadIds ?? [],
          owner: { role: party, userId: caller.id },
          purpose: 'DISPUTE_EVIDENCE',
          rideId,
        });
        return insertDispute(tx, {
          rideId,
          openedByRole: party,
          openedById: caller.id,
          reason: input.reason,
          description: input.description,
          uploadIds,
        });
      });
    } catch (error) {
      if (uniqueViolationConstraint(error) === 'disputes_one_open_per_party') {
        throw new AppError('CONFLICT', 'You already have an open dispute about this ride');
      }
      throw error;
    }
    const other: Party = party === 'customer' ? 'driver' : 'customer';
    await this.tell(row, ride, { [other]: `a dispute was opened about a ride of yours (${row.reason}).` });
    return toDisputeDto(row, party);
  }

  /** The ride's disputes for a party (the other party's: reason, status and decision only) or an admin. */
  async listForRide(caller: UserRef, rideId: string): Promise<Dispute[]> {
    const ride = await findRideForDispute(this.db, rideId);
    const viewer = caller.role === 'admin' ? 'admin' : ride ? partyOf(caller, ride) : null;
    if (!ride || !viewer) throw notFound('Ride');
    return (await listRideDisputes(this.db, rideId)).map((row) => toDisputeDto(row, viewer));
  }

  listForAdmin(query: AdminDisputesQuery): Promise<{ items: AdminDispute[]; nextCursor?: string }> {
    return listAdminDisputes(this.db, query);
  }

  /**
   * Decides an OPEN dispute in one transaction: the dispute row is locked and moved out of OPEN
   * conditionally (a second admin gets 409), and a refund is posted to the ledger under
   * `dispute:<id>:refund` (posted at most once). Refunds of one ride queue on its payment's row lock and
   * together never exceed what the customer paid.
   */
  async resolve(adminId: string, disputeId: string, input: ResolveDispute): Promise<AdminDispute> {
    const refund = input.refundAmount ?? null;
    const admin = { id: adminId, role: await findAdminRole(this.db, adminId) };
    if (refund !== null && input.status !== 'RESOLVED') {
      throw new AppError('VALIDATION_FAILED', 'Only a RESOLVED dispute carries a refund', {
        details: { issues: [{ path: 'body.refundAmount', message: 'Only with RESOLVED', code: 'custom' }] },
      });
    }
    if (refund !== null && !(admin.role && adminCan(admin.role, 'payments.refund'))) {
      throw new AppError('FORBIDDEN', `The ${admin.role} role may not refund money (payments.refund)`, {
        details: { role: admin.role, action: 'payments.refund' },
      });
    }
    const { row, ride } = await this.db.transaction(async (tx) => {
      const current = await lockDispute(tx, disputeId);
      if (!current) throw notFound('Dispute');
      if (current.status !== 'OPEN') {
        throw new AppError('CONFLICT', `This dispute was already ${current.status.toLowerCase()}`, {
          details: { status: current.status },
        });
      }
      const ride = await findRideForDispute(tx, current.rideId);
      if (!ride?.driverId) throw new Error(`dispute ${disputeId}: its ride has no driver`);
      if (refund !== null) await this.postRefund(tx, current, { ...ride, driverId: ride.driverId }, refund);
      const decided = await decideDispute(tx, disputeId, {
        status: input.status,
        resolution: input.resolution,
        refundAmount: refund,
        adminId: admin.id,
      });
      if (!decided) throw new Error(`dispute ${disputeId} changed status under its row lock`);
      await this.recordAdminAction?.(tx, {
        adminId: admin.id,
        action: 'disputes.resolve',
        targetType: 'dispute',
        targetId: disputeId,
        before: { status: current.status },
        after: { status: decided.status, resolution: decided.resolution, refundAmount: refund },
      });
      return { row: decided, ride };
    });
    const outcome =
      row.status === 'RESOLVED'
        ? `resolved${refund ? `; ${formatTnd(refund)} refunded to the customer's wallet` : ''}`
        : 'rejected';
    await this.tell(row, ride, {
      customer: `the dispute about your ride was ${outcome}.`,
      driver: `the dispute about your ride was ${outcome}.`,
    });
    this.log.info({ disputeId, adminId: admin.id, status: row.status, refund }, 'dispute decided');
    return toAdminDisputeDto(row);
  }

  private async postRefund(
    tx: Executor,
    dispute: DisputeRow,
    ride: { id: string; customerId: string; driverId: string },
    refund: number,
  ): Promise<void> {
    const payment = await lockSucceededRidePayment(tx, ride.id);
    if (!payment) {
      throw new AppError('CONFLICT', 'The customer has no succeeded payment for this ride to refund from');
    }
    const settlement = await postedLines(tx, settlementKey(payment.id));
    if (!settlement) {
      throw new AppError('CONFLICT', 'The ride’s payment is not settled yet; try again in a moment');
    }
    const refundable = payment.amount - (await refundedThroughDisputes(tx, ride.id));
    if (refund > refundable) {
      throw new AppError(
        'CONFLICT',
        `At most ${formatTnd(Math.max(0, refundable))} can still be refunded for this ride`,
        { details: { maxRefundAmount: Math.max(0, refundable), paid: payment.amount } },
      );
    }
    const commission = settlement
      .filter((line) => line.account.kind === 'PLATFORM_REVENUE')
      .reduce((sum, line) => sum + line.amount, 0);
    const posting = disputeRefundEntries({
      refund,
      paid: payment.amount,
      commission,
      customerId: ride.customerId,
      driverId: ride.driverId,
    });
    const posted = await postTransaction(tx, {
      kind: 'DISPUTE_REFUND',
      description: posting.description,
      idempotencyKey: disputeRefundKey(dispute.id),
      // The ride's, not the payment's: a payment's own postings (settlement, whole refund) stay one each.
      rideId: ride.id,
      entries: posting.entries,
    });
    // The dispute row lock and its OPEN check make a second posting unreachable; if it happens, roll back.
    if (!posted.created) throw new Error(`dispute ${dispute.id} already has a refund posted`);
  }

  /** Best effort, after commit: an SMS to whom `messages` names, and `dispute:updated` to both parties. */
  private async tell(row: DisputeRow, ride: Parties, messages: Partial<Record<Party, string>>) {
    const parties: [Party, string | null][] = [
      ['customer', ride.customerId],
      ['driver', ride.driverId],
    ];
    for (const [role, id] of parties) {
      if (!id) continue;
      try {
        await this.realtime.toUser(role, id, 'dispute:updated', {
          rideId: row.rideId,
          dispute: toDisputeDto(row, role),
        });
        const message = messages[role];
        if (message) await this.notifications.notify({ role, id }, message);
      } catch (error) {
        this.log.warn({ err: error, disputeId: row.id, role }, 'dispute notification not sent');
      }
    }
  }
}

function partyOf(caller: UserRef, ride: Parties): Party | null {
  if (caller.role === 'customer' && ride.customerId === caller.id) return 'customer';
  if (caller.role === 'driver' && ride.driverId === caller.id) return 'driver';
  return null;
}
