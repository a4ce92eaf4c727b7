import { ACTIVE_RIDE_STATUSES } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { type PreparedStatement, runPrepared } from '../../infra/prepared-query';
import type { DriverState } from './drivers.repository';

// The statuses are the contracts' constants, inlined once: the text of a named statement never changes.
const ACTIVE_STATUSES = ACTIVE_RIDE_STATUSES.map((status) => `'${status}'`).join(', ');

const DRIVER_STATES_READ: PreparedStatement = {
  name: 'drivers.states.v1',
  text: `SELECT d.id, d.vehicle_type AS "vehicleType", d.is_online AS "isOnline",
    (d.verification_status = 'VERIFIED' AND NOT d.is_deactivated) AS "canWork",
    (SELECT r.id FROM rides r WHERE r.driver_id = d.id AND r.status IN (${ACTIVE_STATUSES}) LIMIT 1)
      AS "activeRideId"
  FROM drivers d WHERE d.id = ANY($1::uuid[])`,
};

const LAST_POSITIONS_SAVE: PreparedStatement = {
  name: 'drivers.last-positions.save.v1',
  text: `UPDATE drivers d SET last_lat = v.lat, last_lng = v.lng, last_location_at = now()
  FROM unnest($1::uuid[], $2::float8[], $3::float8[]) AS v(id, lat, lng) WHERE d.id = v.id`,
};

/**
 * The same answer as findDriverState (drivers.repository.ts) for many drivers in one prepared statement, in
 * the order asked (null for an unknown driver): the read behind location reports whose cached state expired.
 */
export async function readDriverStates(
  db: Database,
  driverIds: readonly string[],
): Promise<(DriverState | null)[]> {
  const rows = await runPrepared<DriverState & { id: string }>(db, DRIVER_STATES_READ, [driverIds]);
  const byId = new Map<string, DriverState>();
  for (const { id, ...state } of rows) byId.set(id, state);
  return driverIds.map((id) => byId.get(id) ?? null);
}

/** Stores the last position of many drivers in one statement (the newest one given wins for a driver). */
export async function saveLastPositions(
  db: Database,
  positions: readonly { driverId: string; lat: number; lng: number }[],
): Promise<void> {
  // One row per driver: UPDATE ... FROM would apply an arbitrary one of two rows joining the same driver.
  const newest = new Map<string, { lat: number; lng: number }>();
  for (const { driverId, lat, lng } of positions) newest.set(driverId, { lat, lng });
  const ids = [...newest.keys()];
  const values = [...newest.values()];
  await runPrepared(db, LAST_POSITIONS_SAVE, [ids, values.map((p) => p.lat), values.map((p) => p.lng)]);
}
