import type { AdminAuditEntry, AdminAuditQuery } from '@truck4u/contracts';
import { adminAudit, admins, type Database, type Executor } from '@truck4u/database';
import { and, asc, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { AdminActionRecord, AdminActionRecorder } from '../../infra/admin-action-recorder';

export type AuditRecord = AdminActionRecord;

/** Call inside the action's own transaction: the action and its audit row commit or roll back together. */
export const recordAudit: AdminActionRecorder = async (tx: Executor, record: AuditRecord): Promise<void> => {
  await tx.insert(adminAudit).values({
    adminId: record.adminId,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    before: record.before ?? null,
    after: record.after ?? null,
  });
};

function toAuditEntry(entry: typeof adminAudit.$inferSelect, adminName: string | null): AdminAuditEntry {
  return {
    id: String(entry.id),
    adminId: entry.adminId,
    adminName,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    at: entry.createdAt.toISOString(),
  };
}

/**
 * The audit rows of one ride and of its payments (refunds), oldest first: a ride sees a handful of admin
 * actions at most, so no paging.
 */
export async function listRideAudit(
  db: Database,
  rideId: string,
  paymentIds: readonly string[],
): Promise<AdminAuditEntry[]> {
  const rows = await db
    .select({ entry: adminAudit, adminName: admins.name })
    .from(adminAudit)
    .leftJoin(admins, eq(admins.id, adminAudit.adminId))
    .where(
      or(
        and(eq(adminAudit.targetType, 'ride'), eq(adminAudit.targetId, rideId)),
        paymentIds.length > 0
          ? and(eq(adminAudit.targetType, 'payment'), inArray(adminAudit.targetId, [...paymentIds]))
          : undefined,
      ),
    )
    .orderBy(asc(adminAudit.id));
  return rows.map(({ entry, adminName }) => toAuditEntry(entry, adminName));
}

/** Newest first; the cursor is the last id of the previous page (ids only grow). */
export async function listAudit(
  db: Database,
  query: AdminAuditQuery,
): Promise<{ items: AdminAuditEntry[]; nextCursor?: string }> {
  const rows = await db
    .select({ entry: adminAudit, adminName: admins.name })
    .from(adminAudit)
    .leftJoin(admins, eq(admins.id, adminAudit.adminId))
    .where(
      and(
        query.cursor ? lt(adminAudit.id, Number(query.cursor)) : undefined,
        query.action ? eq(adminAudit.action, query.action) : undefined,
        query.adminId ? eq(adminAudit.adminId, query.adminId) : undefined,
        query.targetId ? eq(adminAudit.targetId, query.targetId) : undefined,
      ),
    )
    .orderBy(desc(adminAudit.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ entry, adminName }) => toAuditEntry(entry, adminName)),
    ...(rows.length > query.limit && last ? { nextCursor: String(last.entry.id) } : {}),
  };
}
