import { ACTIVE_RIDE_STATUSES } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { type PreparedStatement, runPrepared } from '../../infra/prepared-query';
import type { DriverState } from './drivers.repository';

// The statuses are the contracts' constants, inlined once: the text of a named statement never changes.
const ACTIVE_STATUSES = ACTIVE_RIDE_STATUSES.map((status) => `'${status}'`).join(', ');

const DRIVER_STATE_READ: PreparedStatement = {
  name: 'drivers.state.v1',
  text: `SELECT d.vehicle_type AS "vehicleType", d.is_online AS "isOnline",
    (d.verification_status = 'VERIFIED' AND NOT d.is_deactivated) AS "canWork",
    (SELECT r.id FROM rides r WHERE r.driver_id = d.id AND r.status IN (${ACTIVE_STATUSES}) LIMIT 1)
      AS "activeRideId"
  FROM drivers d WHERE d.id = $1::uuid`,
};

/**
 * The same answer as findDriverState (drivers.repository.ts), from a prepared statement: the read behind a
 * location report whose cached state has expired.
 */
export async function readDriverState(db: Database, driverId: string): Promise<DriverState | null> {
  const [row] = await runPrepared<DriverState>(db, DRIVER_STATE_READ, [driverId]);
  return row ?? null;
}
