import { haversineMeters } from '@truck4u/contracts';
import type { Executor } from '@truck4u/database';
import type { Config } from '../../config/config';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { RideProgressChecks, RideProgressStep } from '../rides/ride-progress-checks';
import type { DeliveryCodeService } from './delivery-code.service';
import type { PositionTrustStore } from './position-trust.store';
import { findRideForTrust, insertFlag } from './proofs.repository';

type TrustRules = Config['trust'];

/**
 * What a ride's end must pass (docs/TRUST.md), plugged into the rides module's status changes:
 * - DROPOFF_ARRIVED and COMPLETED: the driver's last fresh trusted position must be within
 *   `dropoffMaxDistanceMeters` of the dropoff (409 TOO_FAR_FROM_DROPOFF); with no fresh position the change
 *   goes through and the ride is flagged NO_POSITION_AT_DROPOFF for an admin to look at.
 * - IN_TRANSIT of a ride with a recipient: a delivery code is made in the same transaction and sent by SMS
 *   after commit.
 * - COMPLETED of a ride with a recipient: the code must be given (DeliveryCodeService.verify).
 */
export class RideTrustChecks implements RideProgressChecks {
  constructor(
    private readonly positions: Pick<PositionTrustStore, 'lastTrusted'>,
    private readonly codes: DeliveryCodeService,
    private readonly rules: TrustRules,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async beforeTransition(tx: Executor, step: RideProgressStep): Promise<AppError | null> {
    if (!['IN_TRANSIT', 'DROPOFF_ARRIVED', 'COMPLETED'].includes(step.to)) return null;
    // The ride's row lock orders this change against any other (a wrong and a right code at once): the loser
    // sees the status moved and lets the conditional update answer INVALID_TRANSITION, counting nothing.
    const ride = await findRideForTrust(tx, step.rideId, true);
    if (!ride || ride.status !== step.from || ride.driverId !== step.driverId) return null;
    const hasRecipient = ride.recipientPhone !== null;

    if (step.to === 'IN_TRANSIT') {
      if (hasRecipient) await this.codes.issue(tx, ride.id);
      return null;
    }

    const distance = await this.distanceToDropoff(step.driverId, {
      lat: ride.dropoffLat,
      lng: ride.dropoffLng,
    });
    if (distance !== null && distance > this.rules.dropoffMaxDistanceMeters) {
      throw new AppError(
        'TOO_FAR_FROM_DROPOFF',
        `You are ${formatMeters(distance)} from the dropoff; come within ${formatMeters(this.rules.dropoffMaxDistanceMeters)} first`,
        {
          details: {
            distanceMeters: Math.round(distance),
            maxDistanceMeters: this.rules.dropoffMaxDistanceMeters,
          },
        },
      );
    }
    if (step.to === 'COMPLETED' && hasRecipient) {
      const refusal = await this.codes.verify(tx, ride.id, step.deliveryCode);
      if (refusal) return refusal;
    }
    if (distance === null) {
      await insertFlag(tx, { rideId: ride.id, kind: 'NO_POSITION_AT_DROPOFF', details: { status: step.to } });
    }
    return null;
  }

  async afterTransition(step: RideProgressStep): Promise<void> {
    if (step.to !== 'IN_TRANSIT') return;
    try {
      // A failed send is retried by the delivery-code-sms job; this catches only a failure to queue it.
      await this.codes.sendOrRetryLater(step.rideId);
    } catch (error) {
      this.log.warn({ err: error, rideId: step.rideId }, 'delivery code SMS not sent');
    }
  }

  /** Metres from the driver's last fresh trusted fix to the dropoff; null when none is fresh or readable. */
  private async distanceToDropoff(
    driverId: string,
    dropoff: { lat: number; lng: number },
  ): Promise<number | null> {
    let fix: Awaited<ReturnType<PositionTrustStore['lastTrusted']>>;
    try {
      fix = await this.positions.lastTrusted(driverId);
    } catch (error) {
      // Redis down: the check cannot be made; the change goes through flagged, like a ride with no position.
      this.log.warn({ err: error, driverId }, 'last trusted position unreadable; dropoff check skipped');
      return null;
    }
    if (!fix || Date.now() - fix.atMs > this.rules.positionFreshMs) return null;
    return haversineMeters(fix, dropoff);
  }
}

function formatMeters(meters: number): string {
  return meters >= 1000 ? `${(meters / 1000).toFixed(1)} km` : `${Math.round(meters)} m`;
}
