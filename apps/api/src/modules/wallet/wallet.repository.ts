import type { Executor } from '@truck4u/database';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '@truck4u/database';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { AccountRef } from './ledger';

export interface WalletEntryRow {
  id: number;
  transactionId: string;
  kind: string;
  label: string;
  amount: number;
  balanceAfter: number;
  rideId: string | null;
  createdAt: Date;
}

export interface CompletedRideRow {
  id: string;
  completedAt: Date;
  price: number;
  /** The rate fixed on the ride at acceptance; null for rides from before rates were fixed. */
  rateBps: number | null;
}

/** The id of an owner's wallet account; null when the wallet was never opened (nothing posted to it yet). */
export async function findWalletAccountId(
  db: Executor,
  kind: AccountRef['kind'],
  ownerId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.kind, kind), eq(ledgerAccounts.ownerId, ownerId)));
  return row?.id ?? null;
}

/**
 * Up to `limit` entries of the account older than entry `before` (all when undefined), newest first, each
 * with the balance after it, summed over the account's whole history rather than the page.
 */
export function findEntriesWithBalance(
  db: Executor,
  accountId: string,
  page: { before: number | undefined; limit: number },
): Promise<WalletEntryRow[]> {
  const running = db
    .select({
      id: ledgerEntries.id,
      transactionId: ledgerEntries.transactionId,
      amount: ledgerEntries.amount,
      createdAt: ledgerEntries.createdAt,
      balanceAfter: sql<number>`SUM(${ledgerEntries.amount}) OVER (ORDER BY ${ledgerEntries.id})`
        .mapWith(Number)
        .as('balance_after'),
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
    .as('running');
  return db
    .select({
      id: running.id,
      transactionId: running.transactionId,
      amount: running.amount,
      balanceAfter: running.balanceAfter,
      createdAt: running.createdAt,
      kind: ledgerTransactions.kind,
      label: ledgerTransactions.description,
      rideId: ledgerTransactions.rideId,
    })
    .from(running)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, running.transactionId))
    .where(page.before === undefined ? undefined : lt(running.id, page.before))
    .orderBy(desc(running.id))
    .limit(page.limit);
}

/** The driver's rides completed since `since`, with a price, newest first. */
export async function findCompletedRidesSince(
  db: Executor,
  driverId: string,
  since: Date,
): Promise<CompletedRideRow[]> {
  const result = await db.execute<{
    id: string;
    completed_at: Date;
    price: string;
    rate: number | null;
  }>(sql`
    SELECT id, completed_at, price, commission_rate_bps AS rate
    FROM rides
    WHERE driver_id = ${driverId} AND status = 'COMPLETED' AND price IS NOT NULL
      AND completed_at >= ${since.toISOString()}::timestamptz
    ORDER BY completed_at DESC`);
  return result.rows.map((r) => ({
    id: r.id,
    completedAt: new Date(r.completed_at),
    price: Number(r.price),
    rateBps: r.rate,
  }));
}
