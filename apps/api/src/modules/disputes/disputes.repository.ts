import type {
  AdminDispute,
  AdminDisputesQuery,
  AdminRole,
  Dispute,
  DisputeReason,
  DisputeStatus,
} from '@truck4u/contracts';
import { admins, type Database, disputes, type Executor, payments, rides } from '@truck4u/database';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { decodeCursor, encodeCursor } from '../rides/rides.repository';

export type DisputeRow = typeof disputes.$inferSelect;
type Party = 'customer' | 'driver';

/** The dispute as `viewer` (a party) sees it: the other party's description and evidence stay theirs. */
export function toDisputeDto(row: DisputeRow, viewer: Party | 'admin'): Dispute {
  const isOwn = viewer === 'admin' || viewer === row.openedByRole;
  return {
    id: row.id,
    rideId: row.rideId,
    openedBy: row.openedByRole as Party,
    reason: row.reason as DisputeReason,
    status: row.status as DisputeStatus,
    description: isOwn ? row.description : null,
    uploadIds: isOwn ? row.uploadIds : [],
    resolution: row.resolution,
    refundAmount: row.refundAmount,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toAdminDisputeDto(row: DisputeRow): AdminDispute {
  return {
    ...toDisputeDto(row, 'admin'),
    openedById: row.openedById,
    description: row.description,
    resolvedBy: row.resolvedBy,
  };
}

/** What opening a dispute needs to know about the ride. */
export async function findRideForDispute(db: Executor, rideId: string) {
  const [row] = await db
    .select({
      id: rides.id,
      status: rides.status,
      customerId: rides.customerId,
      driverId: rides.driverId,
      acceptedAt: rides.acceptedAt,
      completedAt: rides.completedAt,
      cancelledAt: rides.cancelledAt,
    })
    .from(rides)
    .where(eq(rides.id, rideId));
  return row ?? null;
}

export async function insertDispute(
  db: Executor,
  dispute: {
    rideId: string;
    openedByRole: Party;
    openedById: string;
    reason: DisputeReason;
    description: string;
    uploadIds: string[];
  },
): Promise<DisputeRow> {
  const [row] = await db.insert(disputes).values(dispute).returning();
  if (!row) throw new Error('dispute insert returned no row');
  return row;
}

export function listRideDisputes(db: Executor, rideId: string): Promise<DisputeRow[]> {
  return db
    .select()
    .from(disputes)
    .where(eq(disputes.rideId, rideId))
    .orderBy(asc(disputes.createdAt), asc(disputes.id));
}

export async function lockDispute(tx: Executor, disputeId: string): Promise<DisputeRow | null> {
  const [row] = await tx.select().from(disputes).where(eq(disputes.id, disputeId)).for('update');
  return row ?? null;
}

/** Decides an OPEN dispute; null when it is no longer OPEN (another admin decided it first). */
export async function decideDispute(
  tx: Executor,
  disputeId: string,
  decision: {
    status: 'RESOLVED' | 'REJECTED';
    resolution: string;
    refundAmount: number | null;
    adminId: string;
  },
): Promise<DisputeRow | null> {
  const [row] = await tx
    .update(disputes)
    .set({
      status: decision.status,
      resolution: decision.resolution,
      refundAmount: decision.refundAmount,
      resolvedBy: decision.adminId,
      resolvedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(disputes.id, disputeId), eq(disputes.status, 'OPEN')))
    .returning();
  return row ?? null;
}

/** Millimes already refunded through disputes of the ride. */
export async function refundedThroughDisputes(tx: Executor, rideId: string): Promise<number> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${disputes.refundAmount}), 0)` })
    .from(disputes)
    .where(eq(disputes.rideId, rideId));
  return Number(row?.total ?? 0);
}

/** The ride's succeeded payment, locked: refunds of one ride queue on it, so they never exceed the price. */
export async function lockSucceededRidePayment(tx: Executor, rideId: string) {
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.rideId, rideId), eq(payments.purpose, 'RIDE'), eq(payments.status, 'SUCCEEDED')))
    .for('update');
  return row ?? null;
}

const cursorAt = sql<string>`to_char(${disputes.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every dispute, newest first, on the keyset cursor the other admin lists use. */
export async function listAdminDisputes(
  db: Database,
  query: AdminDisputesQuery,
): Promise<{ items: AdminDispute[]; nextCursor?: string }> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) {
    throw new AppError('VALIDATION_FAILED', 'This cursor is not one the server gave out', {
      details: [{ path: 'query.cursor', message: 'Unknown cursor', code: 'custom' }],
    });
  }
  const rows = await db
    .select({ dispute: disputes, cursorAt })
    .from(disputes)
    .where(
      and(
        query.status ? eq(disputes.status, query.status) : undefined,
        cursor
          ? sql`(${disputes.createdAt}, ${disputes.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(disputes.createdAt), desc(disputes.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toAdminDisputeDto(r.dispute)),
    ...(rows.length > query.limit && last
      ? { nextCursor: encodeCursor({ createdAt: last.cursorAt, id: last.dispute.id }) }
      : {}),
  };
}

/** The admin's role as it is now (the permission hook checked disputes.resolve; a refund needs more). */
export async function findAdminRole(db: Executor, adminId: string): Promise<AdminRole | null> {
  const [row] = await db.select({ role: admins.role }).from(admins).where(eq(admins.id, adminId));
  return row?.role ?? null;
}
