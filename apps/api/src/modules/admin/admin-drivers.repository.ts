import type { AdminDriver, AdminDriversQuery, DriverVerificationStatus } from '@truck4u/contracts';
import { type Database, drivers, driverVerificationAudit } from '@truck4u/database';
import { and, asc, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { toDriverProfile } from '../users/users.repository';
import { recordAudit } from './admin-audit.repository';

type DriverRow = typeof drivers.$inferSelect;

export function toAdminDriver(row: DriverRow): AdminDriver {
  return {
    ...toDriverProfile(row),
    verificationReason: row.verificationReason,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    verifiedBy: row.verifiedBy,
    deactivationReason: row.deactivationReason,
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of drivers in registration order. The cursor is the last driver's id: the next page starts after
 * its (created_at, id), so drivers registering meanwhile neither shift nor repeat rows.
 */
export async function listDrivers(
  db: Database,
  query: AdminDriversQuery,
): Promise<{ items: AdminDriver[]; nextCursor?: string }> {
  const conditions: (SQL | undefined)[] = [];
  if (query.verificationStatus) conditions.push(eq(drivers.verificationStatus, query.verificationStatus));
  if (query.vehicleType) conditions.push(eq(drivers.vehicleType, query.vehicleType));
  if (query.isDeactivated !== undefined) conditions.push(eq(drivers.isDeactivated, query.isDeactivated));
  if (query.q) {
    // Phones are stored in E.164 and plates as painted ("123 TU 4567"): compare without spaces so an admin
    // can type either "22 123 456" or "123TU4567".
    const compact = escapeLike(query.q.replace(/\s+/g, ''));
    const digits = query.q.replace(/\D+/g, '');
    conditions.push(
      or(
        ilike(drivers.name, `%${escapeLike(query.q)}%`),
        sql`replace(${drivers.vehiclePlate}, ' ', '') ILIKE ${`%${compact}%`}`,
        digits.length > 0 ? ilike(drivers.phone, `%${digits}%`) : undefined,
      ),
    );
  }
  const isNewestFirst = query.order === 'newest';
  if (query.cursor) {
    const after = sql`(SELECT c.created_at, c.id FROM drivers c WHERE c.id = ${query.cursor})`;
    conditions.push(
      isNewestFirst
        ? sql`(${drivers.createdAt}, ${drivers.id}) < ${after}`
        : sql`(${drivers.createdAt}, ${drivers.id}) > ${after}`,
    );
  }
  const direction = isNewestFirst ? desc : asc;
  const rows = await db
    .select()
    .from(drivers)
    .where(and(...conditions))
    .orderBy(direction(drivers.createdAt), direction(drivers.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAdminDriver),
    ...(rows.length > query.limit && last ? { nextCursor: last.id } : {}),
  };
}

/**
 * Records a verification decision and its audit row in one transaction. The row lock orders concurrent
 * decisions, so the audit's `from_status` is always the status the decision actually replaced.
 * Returns null when the driver does not exist.
 */
export async function decideVerification(
  db: Database,
  input: { driverId: string; adminId: string; approved: boolean; reason?: string | undefined },
): Promise<DriverRow | null> {
  const to: DriverVerificationStatus = input.approved ? 'VERIFIED' : 'REJECTED';
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: drivers.verificationStatus })
      .from(drivers)
      .where(eq(drivers.id, input.driverId))
      .for('update');
    if (!current) return null;
    const [updated] = await tx
      .update(drivers)
      .set({
        verificationStatus: to,
        verificationReason: input.reason ?? null,
        verifiedAt: input.approved ? sql`now()` : null,
        verifiedBy: input.adminId,
        // A driver rejected while online (e.g. an expired licence) stops being offered rides at once.
        ...(input.approved ? {} : { isOnline: false }),
        updatedAt: sql`now()`,
      })
      .where(eq(drivers.id, input.driverId))
      .returning();
    await tx.insert(driverVerificationAudit).values({
      driverId: input.driverId,
      adminId: input.adminId,
      fromStatus: current.status,
      toStatus: to,
      reason: input.reason ?? null,
    });
    await recordAudit(tx, {
      adminId: input.adminId,
      action: 'drivers.verify',
      targetType: 'driver',
      targetId: input.driverId,
      before: { verificationStatus: current.status },
      after: { verificationStatus: to, reason: input.reason ?? null },
    });
    return updated ?? null;
  });
}
