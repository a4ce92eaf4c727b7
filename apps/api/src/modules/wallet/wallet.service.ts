import type { Earnings, UserRef, Wallet, WalletTransaction } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { Clock } from '../../infra/clock';
import { tunisPeriods } from '../../infra/tunis-calendar';
import { commissionOf, DEFAULT_COMMISSION_BPS } from '../commissions/commission-rate';
import { readCashCommission } from './cash-commission-cap';
import { type AccountRef, balanceOf, customerWallet, driverWallet } from './ledger';
import { findCompletedRidesSince, findEntriesWithBalance, findWalletAccountId } from './wallet.repository';

const accountOf = (owner: UserRef<'customer' | 'driver'>): AccountRef =>
  owner.role === 'customer' ? customerWallet(owner.id) : driverWallet(owner.id);

/** Read side of the ledger for wallet owners: balance, history, driver earnings. */
export class WalletService {
  constructor(
    private readonly db: Database,
    private readonly driverMinimumBalance: number,
    private readonly clock: Clock,
    /** CASH_COMMISSION_CAP_MILLIMES: the cap of drivers without an admin's override. */
    private readonly cashCommissionCapMillimes = Number.MAX_SAFE_INTEGER,
  ) {}

  async wallet(owner: UserRef<'customer' | 'driver'>): Promise<Wallet> {
    const balance = await balanceOf(this.db, accountOf(owner));
    return {
      balance,
      currency: 'TND',
      ...(owner.role === 'driver'
        ? {
            minimumBalanceToGoOnline: this.driverMinimumBalance,
            // What clients prefill POST /api/wallet/top-ups with, and why cash rides may be refused.
            cashCommission: await readCashCommission(this.db, owner.id, this.cashCommissionCapMillimes),
          }
        : {}),
    };
  }

  /** Newest first; `cursor` is the last entry id seen. The running balance comes from the entries themselves. */
  async transactions(
    owner: UserRef<'customer' | 'driver'>,
    cursor: number | undefined,
    limit: number,
  ): Promise<{ items: WalletTransaction[]; nextCursor?: string }> {
    const accountId = await findWalletAccountId(this.db, accountOf(owner).kind, owner.id);
    if (!accountId) return { items: [] };
    // One row more than asked tells whether another page follows.
    const rows = await findEntriesWithBalance(this.db, accountId, { before: cursor, limit: limit + 1 });
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
    const completed = await findCompletedRidesSince(this.db, driverId, since);
    const empty = () => ({ rides: 0, gross: 0, commission: 0, net: 0 });
    const totals = { today: empty(), week: empty(), month: empty() };
    const rides = completed.map((r) => {
      const gross = r.price;
      const rateBps = r.rateBps ?? DEFAULT_COMMISSION_BPS;
      const commission = commissionOf(gross, rateBps);
      const line = { gross, commission, net: gross - commission };
      const completedAt = r.completedAt;
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
    const cashCommission = await readCashCommission(this.db, driverId, this.cashCommissionCapMillimes);
    return { currency: 'TND', timezone: 'Africa/Tunis', ...totals, cashCommission, rides };
  }
}
