import {
  ADMIN_STATS_MAX_DAYS,
  type AdminConsoleStats,
  type AdminStats,
  type AdminStatsFigures,
  type AdminStatsPeriod,
  type AdminStatsQuery,
  RIDE_STATUSES,
  type RideStatus,
} from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { tunisDateOf, tunisPeriods } from '../../infra/tunis-calendar';
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

// ---------------------------------------------------------------------------------------------------------
// The same dashboard over a chosen period (GET /api/admin/stats?from&to&granularity=day).
// ---------------------------------------------------------------------------------------------------------

type Slice = { kind: 'total' } | { kind: 'day'; date: string } | { kind: 'governorate'; code: string };

const emptyByStatus = () =>
  Object.fromEntries(RIDE_STATUSES.map((s) => [s, 0])) as Record<RideStatus, number>;

function emptyFigures(): AdminStatsFigures {
  return {
    ridesPosted: 0,
    ridesAccepted: 0,
    conversionBps: null,
    ridesByStatus: emptyByStatus(),
    ridesCompleted: 0,
    gmv: 0,
    commission: 0,
    medianSecondsToFirstBid: null,
    medianSecondsToAcceptance: null,
    cancellations: { customer: 0, driver: 0, admin: 0, system: 0 },
  };
}

/** The days from `from` to `to`, both included, as YYYY-MM-DD (calendar arithmetic in UTC is exact). */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/** Resolves the defaults (the 30 days up to today in Tunis) and refuses ranges longer than a year. */
export function resolveStatsPeriod(query: AdminStatsQuery, now: Date): { from: string; to: string } {
  const to = query.to ?? tunisDateOf(now);
  const from =
    query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) {
    throw new AppError('VALIDATION_FAILED', '`to` is before `from`', {
      details: [{ path: 'query.to', message: '`to` is before `from`', code: 'custom' }],
    });
  }
  if (daysBetween(from, to).length > ADMIN_STATS_MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', `A period is at most ${ADMIN_STATS_MAX_DAYS} days`, {
      details: [{ path: 'query.from', message: `At most ${ADMIN_STATS_MAX_DAYS} days`, code: 'custom' }],
    });
  }
  return { from, to };
}

// A type, not an interface: db.execute wants rows indexable by string.
type SliceKeys = {
  g_day: number;
  g_gov: number;
  day: string | null;
  governorate: string | null;
};

function sliceOf(row: SliceKeys): Slice {
  if (row.g_day === 0 && row.day) return { kind: 'day', date: row.day };
  if (row.g_gov === 0 && row.governorate) return { kind: 'governorate', code: row.governorate };
  return { kind: 'total' };
}

const roundSeconds = (value: string | number | null) => (value === null ? null : Math.round(Number(value)));

/**
 * Figures per Tunis day, per pickup governorate and for the whole period, each slice from the same
 * GROUPING SETS query so the three always agree. Rides are counted on the day they were posted (posted,
 * accepted, conversion, time to first bid and to acceptance, status, cancellations); money on the day the
 * ride was completed (GMV and commission, at the rate fixed on each ride, rounded per ride as in earnings).
 */
export async function readPeriodStats(
  db: Database,
  period: { from: string; to: string },
): Promise<AdminStatsPeriod> {
  const start = sql`((${period.from}::date)::timestamp AT TIME ZONE 'Africa/Tunis')`;
  const end = sql`((${period.to}::date + 1)::timestamp AT TIME ZONE 'Africa/Tunis')`;
  const posted = sql`
    SELECT r.*, to_char((r.created_at AT TIME ZONE 'Africa/Tunis')::date, 'YYYY-MM-DD') AS day,
      (SELECT min(b.created_at) FROM bids b WHERE b.ride_id = r.id) AS first_bid_at,
      c.actor_role::text AS cancelled_by
    FROM rides r LEFT JOIN ride_cancellations c ON c.ride_id = r.id
    WHERE r.created_at >= ${start} AND r.created_at < ${end}`;
  const groupingSets = sql`GROUPING SETS ((), (day), (governorate_code))`;
  const [postedRows, statusRows, moneyRows, names] = await Promise.all([
    db.execute<
      SliceKeys & {
        posted: number;
        accepted: number;
        median_first_bid: string | null;
        median_acceptance: string | null;
        c_customer: number;
        c_driver: number;
        c_admin: number;
        c_system: number;
      }
    >(sql`
      WITH p AS (${posted})
      SELECT GROUPING(day) AS g_day, GROUPING(governorate_code) AS g_gov, day, governorate_code AS governorate,
        count(*)::int AS posted,
        count(*) FILTER (WHERE accepted_at IS NOT NULL)::int AS accepted,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_bid_at - created_at)) AS median_first_bid,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - created_at)) AS median_acceptance,
        count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'customer')::int AS c_customer,
        count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'driver')::int AS c_driver,
        count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by = 'admin')::int AS c_admin,
        count(*) FILTER (WHERE status = 'CANCELLED' AND cancelled_by IS NULL)::int AS c_system
      FROM p GROUP BY ${groupingSets}`),
    db.execute<SliceKeys & { status: RideStatus; n: number }>(sql`
      WITH p AS (${posted})
      SELECT GROUPING(day) AS g_day, GROUPING(governorate_code) AS g_gov, day, governorate_code AS governorate,
        status, count(*)::int AS n
      FROM p GROUP BY GROUPING SETS ((status), (day, status), (governorate_code, status))`),
    db.execute<SliceKeys & { completed: number; gmv: string; commission: string }>(sql`
      WITH m AS (
        SELECT r.*, to_char((r.completed_at AT TIME ZONE 'Africa/Tunis')::date, 'YYYY-MM-DD') AS day
        FROM rides r
        WHERE r.status = 'COMPLETED' AND r.price IS NOT NULL
          AND r.completed_at >= ${start} AND r.completed_at < ${end})
      SELECT GROUPING(day) AS g_day, GROUPING(governorate_code) AS g_gov, day, governorate_code AS governorate,
        count(*)::int AS completed,
        coalesce(sum(price), 0)::text AS gmv,
        coalesce(sum((price * coalesce(commission_rate_bps, ${DEFAULT_COMMISSION_BPS}) + 5000) / 10000), 0)::text
          AS commission
      FROM m GROUP BY ${groupingSets}`),
    db.execute<{ code: string; name: string }>(sql`SELECT code, name FROM governorates`),
  ]);

  const totals = emptyFigures();
  const byDay = new Map(daysBetween(period.from, period.to).map((day) => [day, emptyFigures()]));
  const byGovernorate = new Map<string, AdminStatsFigures>();
  const figuresOf = (slice: Slice): AdminStatsFigures | undefined => {
    if (slice.kind === 'total') return totals;
    if (slice.kind === 'day') return byDay.get(slice.date);
    let found = byGovernorate.get(slice.code);
    if (!found) {
      found = emptyFigures();
      byGovernorate.set(slice.code, found);
    }
    return found;
  };

  for (const row of postedRows.rows) {
    const figures = figuresOf(sliceOf(row));
    if (!figures) continue;
    figures.ridesPosted = row.posted;
    figures.ridesAccepted = row.accepted;
    figures.conversionBps = row.posted > 0 ? Math.round((row.accepted * 10_000) / row.posted) : null;
    figures.medianSecondsToFirstBid = roundSeconds(row.median_first_bid);
    figures.medianSecondsToAcceptance = roundSeconds(row.median_acceptance);
    figures.cancellations = {
      customer: row.c_customer,
      driver: row.c_driver,
      admin: row.c_admin,
      system: row.c_system,
    };
  }
  for (const row of statusRows.rows) {
    const figures = figuresOf(sliceOf(row));
    if (figures) figures.ridesByStatus[row.status] = row.n;
  }
  for (const row of moneyRows.rows) {
    const figures = figuresOf(sliceOf(row));
    if (!figures) continue;
    figures.ridesCompleted = row.completed;
    figures.gmv = Number(row.gmv);
    figures.commission = Number(row.commission);
  }
  const nameOf = new Map(names.rows.map((g) => [g.code, g.name]));
  return {
    from: period.from,
    to: period.to,
    timezone: 'Africa/Tunis',
    granularity: 'day',
    totals,
    series: [...byDay].map(([date, figures]) => ({ date, ...figures })),
    governorates: [...byGovernorate]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, figures]) => ({ code, name: nameOf.get(code) ?? code, ...figures })),
  };
}

/** The dashboard plus the period's figures: what GET /api/admin/stats answers. */
export async function readConsoleStats(
  db: Database,
  now: Date,
  query: AdminStatsQuery,
): Promise<AdminConsoleStats> {
  const period = resolveStatsPeriod(query, now);
  const [dashboard, figures] = await Promise.all([readStats(db, now), readPeriodStats(db, period)]);
  return { ...dashboard, period: figures };
}
