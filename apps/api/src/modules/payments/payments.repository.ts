import type {
  AdminPayment,
  Payment,
  PaymentMethod,
  PaymentPurpose,
  PaymentStatus,
  UserRef,
} from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import { payments, rides } from '@truck4u/database';
import { and, eq, sql } from 'drizzle-orm';

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
  status: string;
  price: number | null;
  commissionRateBps: number | null;
  governorateCode: string;
}

export async function findRideToPay(db: Executor, rideId: string): Promise<RideToPay | undefined> {
  const [row] = await db
    .select({
      id: rides.id,
      customerId: rides.customerId,
      driverId: rides.driverId,
      status: rides.status,
      price: rides.price,
      commissionRateBps: rides.commissionRateBps,
      governorateCode: rides.governorateCode,
    })
    .from(rides)
    .where(eq(rides.id, rideId));
  return row;
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
