import type { AdminAccount } from '@truck4u/contracts';
import { admins, type Database, type Executor } from '@truck4u/database';
import { and, asc, eq, sql } from 'drizzle-orm';
import { insertAccount } from '../users/users.repository';

export type AdminRow = typeof admins.$inferSelect;

export function toAdminAccount(row: AdminRow): AdminAccount {
  return {
    id: row.id,
    phone: row.phone,
    name: row.name,
    role: row.role,
    active: !row.isDeactivated,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every admin account, oldest first (a team of a few dozen at most: no paging). */
export async function listAdmins(db: Database): Promise<AdminAccount[]> {
  const rows = await db.select().from(admins).orderBy(asc(admins.createdAt), asc(admins.id));
  return rows.map(toAdminAccount);
}

export async function findAdmin(db: Executor, id: string, lock = false): Promise<AdminRow | null> {
  const query = db.select().from(admins).where(eq(admins.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function insertAdminAccount(
  tx: Executor,
  values: Pick<typeof admins.$inferInsert, 'phone' | 'name' | 'passwordHash' | 'role'>,
): Promise<AdminRow> {
  const [row] = await insertAccount(() => tx.insert(admins).values(values).returning());
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateAdminAccount(
  tx: Executor,
  id: string,
  set: { role?: AdminRow['role']; isDeactivated?: boolean },
): Promise<AdminRow> {
  const [row] = await tx
    .update(admins)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(admins.id, id))
    .returning();
  if (!row) throw new Error('admin vanished under its row lock');
  return row;
}

/**
 * Locks every active superadmin row, in id order, and returns their ids. Every request takes these locks in
 * the same order, before any other admin row, so two superadmins demoting or deactivating each other queue
 * on them instead of deadlocking, and the second sees the first's change.
 */
export async function lockActiveSuperadmins(tx: Executor): Promise<Set<string>> {
  const rows = await tx
    .select({ id: admins.id })
    .from(admins)
    .where(and(eq(admins.role, 'SUPERADMIN'), eq(admins.isDeactivated, false)))
    .orderBy(asc(admins.id))
    .for('update');
  return new Set(rows.map((row) => row.id));
}
