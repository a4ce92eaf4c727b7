import type { AdminPayment, AdminPaymentsQuery } from '@truck4u/contracts';
import { type Database, payments } from '@truck4u/database';
import { and, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { toAdminPayment } from '../payments/payments.repository';
import { decodeCursor, encodeCursor } from '../rides/rides.repository';
import { tunisDayStart } from './admin-rides.repository';

const cursorAt = sql<string>`to_char(${payments.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every payment (rides and top-ups), newest first, on the same keyset cursor as the ride lists. */
export async function listAdminPayments(
  db: Database,
  query: AdminPaymentsQuery,
): Promise<{ items: AdminPayment[]; nextCursor?: string }> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor) {
    throw new AppError('VALIDATION_FAILED', 'This cursor is not one the server gave out', {
      details: [{ path: 'query.cursor', message: 'Unknown cursor', code: 'custom' }],
    });
  }
  const rows = await db
    .select({ payment: payments, cursorAt })
    .from(payments)
    .where(
      and(
        query.status ? eq(payments.status, query.status) : undefined,
        query.method ? eq(payments.method, query.method) : undefined,
        query.from ? sql`${payments.createdAt} >= ${tunisDayStart(query.from)}` : undefined,
        query.to ? sql`${payments.createdAt} < ${tunisDayStart(query.to, 1)}` : undefined,
        cursor
          ? sql`(${payments.createdAt}, ${payments.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toAdminPayment(r.payment)),
    ...(rows.length > query.limit && last
      ? { nextCursor: encodeCursor({ createdAt: last.cursorAt, id: last.payment.id }) }
      : {}),
  };
}
