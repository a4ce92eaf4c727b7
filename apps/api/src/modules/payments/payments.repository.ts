import type {
  AdminPayment,
  Payment,
  PaymentMethod,
  PaymentPurpose,
  PaymentStatus,
  RidePaymentStatus,
  RideStatus,
  UserRef,
} from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { drivers, payments, rides } from '@truck4u/database';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';

/** What we keep from Flouci on our payment row (the `provider_data` column). */
export interface ProviderData {
  link?: string;
  /** Written by the webhook once Flouci's verify call confirmed the payment; settlement requires it. */
  verification?: { status: string; amount: number; trackingId: string | null; verifiedAt: string };
  failureReason?: string;
}

export type PaymentRow = typeof payments.$inferSelect;

// Who pays: customers pay rides and top up; drivers top up (to settle commission owed on cash rides).
const ownerColumns = (owner: UserRef<'customer' | 'driver'>) =>
  owner.role === 'customer'
    ? { customerId: owner.id, driverId: null }
    : { customerId: null, driverId: owner.id };

export function isOwnedBy(row: PaymentRow, owner: UserRef<'customer' | 'driver'>): boolean {
  return owner.role === 'customer' ? row.customerId === owner.id : row.driverId === owner.id;
}

export function toPayment(row: PaymentRow): Payment {
  const data = (row.providerData ?? {}) as ProviderData;
  return {
    id: row.id,
    rideId: row.rideId,
    purpose: row.purpose as PaymentPurpose,
    method: row.method,
    amount: row.amount,
    status: row.status,
    redirectUrl: row.status === 'PENDING' ? (data.link ?? null) : null,
    failureReason: data.failureReason ?? null,
    createdAt: row.createdAt.toISOString(),
    settledAt: row.settledAt?.toISOString() ?? null,
    refundedAt: row.refundedAt?.toISOString() ?? null,
  };
}

export function toAdminPayment(row: PaymentRow): AdminPayment {
  return {
    ...toPayment(row),
    customerId: row.customerId,
    driverId: row.driverId,
    refundedBy: row.refundedBy,
    refundReason: row.refundReason,
    cashConfirmOverdueAt: row.cashConfirmOverdueAt?.toISOString() ?? null,
  };
}

/** Flouci's verify call confirmed this payment: SUCCESS, our amount, our id as its tracking id. */
export function isFlouciVerified(row: PaymentRow): boolean {
  const verification = (row.providerData as ProviderData | null)?.verification;
  return (
    verification?.status === 'SUCCESS' &&
    verification.amount === row.amount &&
    verification.trackingId === row.id
  );
}

export async function findPaymentByKey(
  db: Executor,
  owner: UserRef<'customer' | 'driver'>,
  idempotencyKey: string,
): Promise<PaymentRow | undefined> {
  const ownerColumn = owner.role === 'customer' ? payments.customerId : payments.driverId;
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(ownerColumn, owner.id), eq(payments.idempotencyKey, idempotencyKey)));
  return row;
}

export async function findPayment(db: Executor, id: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row;
}

export async function findPaymentByProviderId(
  db: Executor,
  providerPaymentId: string,
): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.providerPaymentId, providerPaymentId));
  return row;
}

/** Locks the payment row until the transaction ends: settlement runs one at a time per payment. */
export async function lockPayment(tx: Executor, id: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
  return row;
}

export async function insertPayment(
  db: Executor,
  values: {
    owner: UserRef<'customer' | 'driver'>;
    rideId: string | null;
    purpose: PaymentPurpose;
    method: PaymentMethod;
    amount: number;
    idempotencyKey: string;
    requestHash: string;
  },
): Promise<PaymentRow> {
  const { owner, ...rest } = values;
  const [row] = await db
    .insert(payments)
    .values({ ...rest, ...ownerColumns(owner) })
    .returning();
  if (!row) throw new Error('payment insert returned nothing');
  return row;
}

/** Moves a PENDING payment on; returns null when it was no longer PENDING (someone else decided first). */
export async function updatePendingPayment(
  db: Executor,
  id: string,
  changes: {
    status?: PaymentStatus;
    providerPaymentId?: string;
    providerData?: ProviderData;
    settledAt?: Date;
  },
): Promise<PaymentRow | null> {
  const { providerData, ...rest } = changes;
  const [row] = await db
    .update(payments)
    .set({
      ...rest,
      // Merged, so the link survives a later verification or failure reason.
      ...(providerData
        ? {
            providerData: sql`COALESCE(${payments.providerData}, '{}'::jsonb) || ${JSON.stringify(providerData)}::jsonb`,
          }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(payments.id, id), eq(payments.status, 'PENDING')))
    .returning();
  return row ?? null;
}

export interface RideToPay {
  id: string;
  customerId: string;
  driverId: string | null;
  status: RideStatus;
  price: number | null;
  commissionRateBps: number | null;
  governorateCode: string;
  completedAt: Date | null;
}

/** The columns of `RideToPay`, read plain or under the ride's row lock. */
const RIDE_TO_PAY_COLUMNS = {
  id: rides.id,
  customerId: rides.customerId,
  driverId: rides.driverId,
  status: rides.status,
  price: rides.price,
  commissionRateBps: rides.commissionRateBps,
  governorateCode: rides.governorateCode,
  completedAt: rides.completedAt,
};

export async function findRideToPay(db: Executor, rideId: string): Promise<RideToPay | undefined> {
  const [row] = await db.select(RIDE_TO_PAY_COLUMNS).from(rides).where(eq(rides.id, rideId));
  return row;
}

/**
 * The ride, its row locked until the transaction ends. Lock order for money on a ride, everywhere: the ride
 * first, then its payment. The cancellation (whose status update locks the ride) and the settlement (hold,
 * release) thus run one after the other, and each sees what the other committed.
 */
export async function lockRideToPay(tx: Executor, rideId: string): Promise<RideToPay | undefined> {
  const [row] = await tx
    .select(RIDE_TO_PAY_COLUMNS)
    .from(rides)
    .where(eq(rides.id, rideId))
    .for('no key update');
  return row;
}

/** The ride's payment that is not FAILED (at most one: payments_one_success_per_ride), locked. */
export async function lockLiveRidePayment(tx: Executor, rideId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.rideId, rideId), eq(payments.purpose, 'RIDE'), ne(payments.status, 'FAILED')))
    .for('update');
  return row;
}

/** The ride's payment as the ride shows it (rides.payment_status / payment_method), in the payment's transaction. */
export async function setRidePayment(
  tx: Executor,
  rideId: string,
  payment: { status: RidePaymentStatus; method: PaymentMethod | null },
): Promise<void> {
  await tx
    .update(rides)
    .set({ paymentStatus: payment.status, paymentMethod: payment.method })
    .where(eq(rides.id, rideId));
}

/** PENDING -> HELD: the money is in escrow. Null when the payment was no longer PENDING. */
export async function markHeld(tx: Executor, id: string): Promise<PaymentRow | null> {
  const [row] = await tx
    .update(payments)
    .set({ status: 'HELD', heldAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(payments.id, id), eq(payments.status, 'PENDING')))
    .returning();
  return row ?? null;
}

/** HELD -> SUCCEEDED at completion: escrow paid out to the driver and the platform. */
export async function markReleased(tx: Executor, id: string): Promise<PaymentRow | null> {
  const [row] = await tx
    .update(payments)
    .set({ status: 'SUCCEEDED', settledAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(payments.id, id), eq(payments.status, 'HELD')))
    .returning();
  return row ?? null;
}

/** The refund key the system records when a cancellation gives held money back (no client key has a ':'). */
export const cancellationRefundKey = (rideId: string) => `ride-cancelled:${rideId}`;

/** HELD (or PENDING, for a Flouci payment that arrived after the cancellation) -> REFUNDED by the system. */
export async function markRefundedOnCancellation(
  tx: Executor,
  id: string,
  rideId: string,
  reason: string,
): Promise<PaymentRow | null> {
  const [row] = await tx
    .update(payments)
    .set({
      status: 'REFUNDED',
      refundedAt: sql`now()`,
      refundReason: reason,
      refundIdempotencyKey: cancellationRefundKey(rideId),
      updatedAt: sql`now()`,
    })
    .where(and(eq(payments.id, id), inArray(payments.status, ['HELD', 'PENDING'])))
    .returning();
  return row ?? null;
}

/** HELD payments of completed rides: their release job was lost (the sweep queues it again). */
export async function findHeldPaymentsOfCompletedRides(db: Executor, limit: number): Promise<PaymentRow[]> {
  const rows = await db
    .select({ payment: payments })
    .from(payments)
    .innerJoin(rides, eq(rides.id, payments.rideId))
    .where(and(eq(payments.status, 'HELD'), eq(rides.status, 'COMPLETED')))
    .orderBy(payments.updatedAt)
    .limit(limit);
  return rows.map((r) => r.payment);
}

/**
 * Flags, once, declared cash payments that the driver has not confirmed `windowMs` after the ride ended (and
 * after the customer declared): they stay PENDING, unsettled, for an admin to look at. Returns their ids.
 */
export async function flagOverdueCashPayments(db: Executor, windowMs: number): Promise<string[]> {
  const cutoff = sql`now() - make_interval(secs => ${windowMs / 1000})`;
  const rows = await db
    .update(payments)
    .set({ cashConfirmOverdueAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(payments.method, 'CASH'),
        eq(payments.purpose, 'RIDE'),
        eq(payments.status, 'PENDING'),
        isNull(payments.cashConfirmOverdueAt),
        sql`${payments.createdAt} < ${cutoff}`,
        sql`EXISTS (SELECT 1 FROM ${rides} WHERE ${rides.id} = ${payments.rideId} AND ${rides.status} = 'COMPLETED' AND ${rides.completedAt} < ${cutoff})`,
      ),
    )
    .returning({ id: payments.id });
  return rows.map((r) => r.id);
}

/** PENDING payments older than `olderThanMs`, for the sweep that recovers lost jobs and webhooks. */
export async function findStalePendingPayments(
  db: Executor,
  olderThanMs: number,
  limit: number,
): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.status, 'PENDING'),
        // Declared cash waits for the driver's confirmation, never for a job: nothing for the sweep to do.
        sql`NOT (${payments.method} = 'CASH' AND ${payments.purpose} = 'RIDE')`,
        sql`${payments.updatedAt} < now() - make_interval(secs => ${olderThanMs / 1000})`,
      ),
    )
    .orderBy(payments.updatedAt)
    .limit(limit);
}

/** Millimes of the customer's WALLET ride payments accepted but not settled yet. */
export async function pendingWalletTotal(db: Executor, customerId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`COALESCE(SUM(${payments.amount}), 0)::bigint` })
    .from(payments)
    .where(
      and(eq(payments.customerId, customerId), eq(payments.method, 'WALLET'), eq(payments.status, 'PENDING')),
    );
  return Number(row?.total ?? 0);
}

/** Records a refund on a SUCCEEDED payment; null when it was no longer SUCCEEDED. */
export async function markRefunded(
  db: Executor,
  id: string,
  refund: { adminId: string; reason: string; idempotencyKey: string },
): Promise<PaymentRow | null> {
  const [row] = await db
    .update(payments)
    .set({
      status: 'REFUNDED',
      refundedAt: sql`now()`,
      refundedBy: refund.adminId,
      refundReason: refund.reason,
      refundIdempotencyKey: refund.idempotencyKey,
      updatedAt: sql`now()`,
    })
    .where(and(eq(payments.id, id), eq(payments.status, 'SUCCEEDED')))
    .returning();
  return row ?? null;
}

/** A driver's own cash-commission cap: null when the default applies, undefined when there is no such driver. */
export async function findDriverCashCap(db: Executor, driverId: string): Promise<number | null | undefined> {
  const [row] = await db
    .select({ cap: drivers.cashCommissionCapMillimes })
    .from(drivers)
    .where(eq(drivers.id, driverId))
    .for('update');
  return row ? row.cap : undefined;
}

export async function setDriverCashCap(
  db: Executor,
  driverId: string,
  capMillimes: number | null,
): Promise<void> {
  await db
    .update(drivers)
    .set({ cashCommissionCapMillimes: capMillimes, updatedAt: sql`now()` })
    .where(eq(drivers.id, driverId));
}
