import type { RideStatus } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import type { AppError } from '../../errors/app-error';

/** One status change the assigned driver asked for (PATCH /api/rides/:id/status). */
export interface RideProgressStep {
  rideId: string;
  driverId: string;
  from: RideStatus;
  to: RideStatus;
  /** The recipient's code sent with COMPLETED, if any. */
  deliveryCode?: string;
}

/**
 * Checks a status change must pass and work it carries, owned by a module above rides in the domain order
 * (modules/proofs: distance to the dropoff, the delivery code, position flags), so declared here and wired
 * in composition/.
 */
export interface RideProgressChecks {
  /**
   * Inside the change's transaction, before the ride moves. Throwing rolls everything back; returning an
   * error commits what the check wrote (a counted wrong code) and then answers with it, the ride unmoved;
   * null lets the change go on.
   */
  beforeTransition(tx: Executor, step: RideProgressStep): Promise<AppError | null>;
  /** After the change committed (e.g. the delivery code's SMS); must not throw. */
  afterTransition(step: RideProgressStep): Promise<void>;
}
