import type { Earnings, Wallet, WalletTransaction } from '@truck4u/contracts';
import { type Database, ledgerAccounts, ledgerEntries, ledgerTransactions } from '@truck4u/database';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../infra/clock';
import { tunisPeriods } from '../../infra/tunis-calendar';
import { commissionOf, DEFAULT_COMMISSION_BPS } from '../commissions/commission-rate';
import { type AccountRef, balanceOf, customerWallet, driverWallet } from './ledger';

export type WalletOwner = { role: 'customer' | 'driver'; id: string };

const accountOf = (owner: WalletOwner): AccountRef =>
  owner.role === 'customer' ? customerWallet(owner.id) : driverWallet(owner.id);

/** Read side of the ledger for wallet owners: balance, history, driver earnings. */
export class WalletService {
  constructor(
    private readonly db: Database,
    private readonly driverMinimumBalance: number,
    private readonly clock: Clock,
  ) {}

  async wallet(owner: WalletOwner): Promise<Wallet> {
    const balance = await balanceOf(this.db, accountOf(owner));
    return {
      balance,
      currency: 'TND',
      ...(owner.role === 'driver' ? { minimumBalanceToGoOnline: this.driverMinimumBalance } : {}),
    };
  }

  /** Newest first; `cursor` is the last entry id seen. The running balance comes from the entries themselves. */
  async transactions(
    owner: WalletOwner,
    cursor: number | undefined,
    limit: number,
  ): Promise<{ items: WalletTransaction[]; nextCursor?: string }> {
    const account = accountOf(owner);
    const [row] = await this.db
      .select({ id: ledgerAccounts.id })
      .from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.kind, account.kind), eq(ledgerAccounts.ownerId, owner.id)));
    if (!row) return { items: [] };
    const running = this.db
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
      .where(eq(ledgerEntries.accountId, row.id))
      .as('running');
    const rows = await this.db
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
      .where(cursor === undefined ? undefined : lt(running.id, cursor))
      .orderBy(desc(running.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
      ...(rows.length > limit && last ? { nextCursor: String(last.id) } : {}),
    };
  }

  /**
   * Today, this week and this month in Tunis time, from completed rides at the rate fixed on each ride. A week
   * can begin in the previous month (Monday 30 November for Tuesday 1 December), so the rides read start at
   * whichever of the week or the month began first.
   */
  async earnings(driverId: string): Promise<Earnings> {
    const { dayStart, weekStart, monthStart } = tunisPeriods(this.clock.now());
    const since = new Date(Math.min(weekStart.getTime(), monthStart.getTime()));
    const result = await this.db.execute<{
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
    const empty = () => ({ rides: 0, gross: 0, commission: 0, net: 0 });
    const totals = { today: empty(), week: empty(), month: empty() };
    const rides = result.rows.map((r) => {
      const gross = Number(r.price);
      const rateBps = r.rate ?? DEFAULT_COMMISSION_BPS;
      const commission = commissionOf(gross, rateBps);
      const line = { gross, commission, net: gross - commission };
      const completedAt = new Date(r.completed_at);
      const buckets = [
        ...(completedAt >= monthStart ? [totals.month] : []),
        ...(completedAt >= weekStart ? [totals.week] : []),
        ...(completedAt >= dayStart ? [totals.today] : []),
      ];
      for (const bucket of buckets) {
        bucket.rides += 1;
        bucket.gross += line.gross;
        bucket.commission += line.commission;
        bucket.net += line.net;
      }
      return {
        rideId: r.id,
        completedAt: completedAt.toISOString(),
        commissionRateBps: rateBps,
        ...line,
      };
    });
    return { currency: 'TND', timezone: 'Africa/Tunis', ...totals, rides };
  }
}
