import type { AdminCustomer, AdminCustomersQuery } from '@truck4u/contracts';
import { customers, type Database, type Executor, rides } from '@truck4u/database';
import { and, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { toCustomerProfile } from '../users/users.repository';

type CustomerRow = typeof customers.$inferSelect;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const ridesCount = sql<number>`(SELECT count(*)::int FROM rides r WHERE r.customer_id = customers.id)`;

export function toAdminCustomer(row: CustomerRow, rides: number): AdminCustomer {
  return {
    ...toCustomerProfile(row),
    isDeactivated: row.isDeactivated,
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
    deactivationReason: row.deactivationReason,
    ridesCount: rides,
  };
}

/** Newest first; the cursor is the last customer's id, the next page starts after its (created_at, id). */
export async function listCustomers(
  db: Database,
  query: AdminCustomersQuery,
): Promise<{ items: AdminCustomer[]; nextCursor?: string }> {
  const conditions: (SQL | undefined)[] = [];
  if (query.isDeactivated !== undefined) conditions.push(eq(customers.isDeactivated, query.isDeactivated));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    const digits = query.q.replace(/\D+/g, '');
    conditions.push(
      or(
        ilike(customers.name, pattern),
        ilike(customers.email, pattern),
        ilike(customers.companyName, pattern),
        digits.length > 0 ? ilike(customers.phone, `%${digits}%`) : undefined,
      ),
    );
  }
  if (query.cursor) {
    conditions.push(
      sql`(${customers.createdAt}, ${customers.id}) < (SELECT c.created_at, c.id FROM customers c WHERE c.id = ${query.cursor})`,
    );
  }
  const rows = await db
    .select({ customer: customers, rides: ridesCount })
    .from(customers)
    .where(and(...conditions))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toAdminCustomer(r.customer, r.rides)),
    ...(rows.length > query.limit && last ? { nextCursor: last.customer.id } : {}),
  };
}

export async function findAdminCustomer(db: Executor, id: string): Promise<AdminCustomer | null> {
  const [row] = await db
    .select({ customer: customers, rides: ridesCount })
    .from(customers)
    .where(eq(customers.id, id));
  return row ? toAdminCustomer(row.customer, row.rides) : null;
}

export async function setCustomerDeactivated(
  tx: Executor,
  id: string,
  deactivated: { reason: string | null } | null,
): Promise<boolean> {
  const updated = await tx
    .update(customers)
    .set(
      deactivated
        ? {
            isDeactivated: true,
            deactivatedAt: sql`now()`,
            deactivationReason: deactivated.reason,
            updatedAt: sql`now()`,
          }
        : { isDeactivated: false, deactivatedAt: null, deactivationReason: null, updatedAt: sql`now()` },
    )
    .where(eq(customers.id, id))
    .returning({ id: customers.id });
  return updated.length > 0;
}

/** Rides of the customer that no driver holds yet: still collecting bids, or dispatch found nobody. */
export const WAITING_RIDE_STATUSES = ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'] as const;

export async function listWaitingRideIds(db: Database, customerId: string): Promise<string[]> {
  const rows = await db
    .select({ id: rides.id })
    .from(rides)
    .where(and(eq(rides.customerId, customerId), inArray(rides.status, [...WAITING_RIDE_STATUSES])))
    .orderBy(asc(rides.createdAt));
  return rows.map((row) => row.id);
}
