import { ACTIVE_RIDE_STATUSES, type DriverVerificationStatus, type VehicleType } from '@truck4u/contracts';
import { type Database, drivers } from '@truck4u/database';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';

const ACTIVE_STATUSES_SQL = sql.raw(ACTIVE_RIDE_STATUSES.map((s) => `'${s}'`).join(', '));

export interface DriverState {
  vehicleType: VehicleType;
  isOnline: boolean;
  canWork: boolean;
  activeRideId: string | null;
}

/** What presence needs to know about a driver, in one primary-key lookup. */
export async function findDriverState(db: Database, driverId: string): Promise<DriverState | null> {
  const [row] = await db
    .select({
      vehicleType: drivers.vehicleType,
      isOnline: drivers.isOnline,
      canWork: sql<boolean>`${drivers.verificationStatus} = 'VERIFIED' AND NOT ${drivers.isDeactivated}`,
      // Spelled out: Drizzle leaves columns unqualified in a one-table select, which a subquery would misread.
      activeRideId: sql<string | null>`(
        SELECT r.id FROM rides r
        WHERE r.driver_id = "drivers"."id" AND r.status IN (${ACTIVE_STATUSES_SQL})
        LIMIT 1)`,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}

export interface WorkEligibility {
  verificationStatus: DriverVerificationStatus;
  verificationReason: string | null;
  isDeactivated: boolean;
  /** Wallet balance in millimes; negative when commission on cash rides is owed. */
  balance: number;
  /** Required document kinds expired without an approved successor (modules/documents). */
  expiredDocumentKinds: string[];
}

// A driver without a wallet account yet has a balance of zero.
const WALLET_BALANCE = sql<number>`coalesce((
  SELECT a.balance FROM ledger_accounts a
  WHERE a.kind = 'DRIVER_WALLET' AND a.owner_id = "drivers"."id"), 0)`.mapWith(Number);

/** Why a driver may or may not work: read only to explain a refusal. */
export async function findWorkEligibility(db: Database, driverId: string): Promise<WorkEligibility | null> {
  const [row] = await db
    .select({
      verificationStatus: drivers.verificationStatus,
      verificationReason: drivers.verificationReason,
      isDeactivated: drivers.isDeactivated,
      balance: WALLET_BALANCE,
      expiredDocumentKinds: drivers.expiredDocumentKinds,
    })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  return row ?? null;
}

/**
 * Puts a driver online only if they may work (verified, active, no expired required document) and their
 * wallet is at or above `minimumBalance`; returns false
 * when they may not (or do not exist). One statement, so the rules are checked on the row it updates.
 */
export async function setOnlineIfAllowed(
  db: Database,
  driverId: string,
  minimumBalance: number,
): Promise<boolean> {
  const updated = await db
    .update(drivers)
    .set({ isOnline: true, updatedAt: sql`now()` })
    .where(
      and(
        eq(drivers.id, driverId),
        eq(drivers.verificationStatus, 'VERIFIED'),
        eq(drivers.isDeactivated, false),
        // An expired required document keeps the driver offline until a new one is approved.
        sql`cardinality(${drivers.expiredDocumentKinds}) = 0`,
        sql`${WALLET_BALANCE} >= ${minimumBalance}`,
      ),
    )
    .returning({ id: drivers.id });
  return updated.length > 0;
}

export async function setOffline(db: Database, driverId: string): Promise<void> {
  await db.update(drivers).set({ isOnline: false, updatedAt: sql`now()` }).where(eq(drivers.id, driverId));
}

export async function findLastPosition(
  db: Database,
  driverId: string,
): Promise<{ lat: number; lng: number; at: Date } | null> {
  const [row] = await db
    .select({ lat: drivers.lastLat, lng: drivers.lastLng, at: drivers.lastLocationAt })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  if (row?.lat == null || row.lng == null || !row.at) return null;
  return { lat: row.lat, lng: row.lng, at: row.at };
}

/** Drivers Postgres has online, with the time of their last stored position. */
export async function listOnlineDrivers(
  db: Database,
): Promise<{ id: string; lastLocationAt: Date | null }[]> {
  return db
    .select({ id: drivers.id, lastLocationAt: drivers.lastLocationAt })
    .from(drivers)
    .where(eq(drivers.isOnline, true));
}

/**
 * Puts offline those of `driverIds` still online whose stored position is older than `cutoff` (or missing):
 * a position saved meanwhile keeps its driver online. Returns the drivers put offline.
 */
export async function setOfflineUnlessSeenSince(
  db: Database,
  driverIds: readonly string[],
  cutoff: Date,
): Promise<string[]> {
  if (driverIds.length === 0) return [];
  const updated = await db
    .update(drivers)
    .set({ isOnline: false, updatedAt: sql`now()` })
    .where(
      and(
        inArray(drivers.id, [...driverIds]),
        eq(drivers.isOnline, true),
        or(isNull(drivers.lastLocationAt), lt(drivers.lastLocationAt, cutoff)),
      ),
    )
    .returning({ id: drivers.id });
  return updated.map((row) => row.id);
}
