import { type AdminStats, RIDE_STATUSES, type RideStatus } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import { tunisPeriods } from '../../infra/tunis-calendar';
import { DEFAULT_COMMISSION_BPS } from '../commissions/commission-rate';

/** Counts for the admin dashboard, each from one aggregate query; "today" is the Tunis day containing `now`. */
export async function readStats(db: Database, now: Date): Promise<AdminStats> {
  // Midnight in Tunis, as an instant: the business day the operations team reads the dashboard by.
  const tunisMidnight = sql`${tunisPeriods(now).dayStart.toISOString()}::timestamptz`;
  const [rideRows, driverRows, customerRows, todayRows] = await Promise.all([
    db.execute<{ status: RideStatus; n: number }>(
      sql`SELECT status, count(*)::int AS n FROM rides GROUP BY status`,
    ),
    db.execute<{
      total: number;
      online: number;
      verified: number;
      pending: number;
      rejected: number;
      deactivated: number;
    }>(sql`
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE is_online AND verification_status = 'VERIFIED' AND NOT is_deactivated)::int AS online,
        count(*) FILTER (WHERE verification_status = 'VERIFIED')::int AS verified,
        count(*) FILTER (WHERE verification_status = 'PENDING_VERIFICATION')::int AS pending,
        count(*) FILTER (WHERE verification_status = 'REJECTED')::int AS rejected,
        count(*) FILTER (WHERE is_deactivated)::int AS deactivated
      FROM drivers`),
    db.execute<{ total: number; b2b: number }>(sql`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE customer_type = 'B2B')::int AS b2b FROM customers`),
    // Commission at the rate fixed on each ride, rounded half up per ride exactly as commissionOf() does, so
    // the dashboard agrees with what drivers see in their earnings.
    db.execute<{ since: Date; created: number; completed: number; gmv: string; commission: string }>(sql`
      SELECT ${tunisMidnight} AS since,
        (SELECT count(*)::int FROM rides WHERE created_at >= ${tunisMidnight}) AS created,
        count(*)::int AS completed,
        coalesce(sum(price), 0)::text AS gmv,
        coalesce(sum((price * coalesce(commission_rate_bps, ${DEFAULT_COMMISSION_BPS}) + 5000) / 10000), 0)::text
          AS commission
      FROM rides
      WHERE status = 'COMPLETED' AND price IS NOT NULL AND completed_at >= ${tunisMidnight}`),
  ]);
  const byStatus = Object.fromEntries(RIDE_STATUSES.map((s) => [s, 0])) as Record<RideStatus, number>;
  for (const row of rideRows.rows) byStatus[row.status] = row.n;
  const d = driverRows.rows[0];
  const c = customerRows.rows[0];
  const t = todayRows.rows[0];
  if (!d || !c || !t) throw new Error('aggregate queries return one row');
  return {
    rides: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    drivers: {
      total: d.total,
      online: d.online,
      verified: d.verified,
      pendingVerification: d.pending,
      rejected: d.rejected,
      deactivated: d.deactivated,
    },
    customers: { total: c.total, b2b: c.b2b },
    today: {
      timezone: 'Africa/Tunis',
      since: new Date(t.since).toISOString(),
      ridesCreated: t.created,
      ridesCompleted: t.completed,
      gmv: Number(t.gmv),
      commission: Number(t.commission),
    },
  };
}
