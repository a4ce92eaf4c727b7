import type { Database } from '@truck4u/database';
import type { Logger } from '../../infra/logger';
import type { PositionScriptStep, PositionStepOutcome } from '../drivers/driver-geo-index';
import type { ObservedFix, PositionObserver } from '../drivers/driver-location.service';
import type { PositionTrustStore } from './position-trust.store';
import { insertFlagUpTo } from './proofs.repository';

/** At most this many POSITION_JUMP flags a ride: enough to see a pattern, bounded for a broken GPS. */
const MAX_JUMP_FLAGS_PER_RIDE = 20;

const toFix = (fix: ObservedFix) => ({ lat: fix.lat, lng: fix.lng, at: new Date(fix.atMs).toISOString() });

/**
 * Watches every recorded driver position (a PositionObserver of DriverLocationService): a position implying
 * a speed above MAX_PLAUSIBLE_SPEED_KMH from the last trusted one is not trusted for the dropoff check and,
 * when the driver holds a ride, flags it POSITION_JUMP with both fixes. Never throws: a position is never
 * refused because this check failed. The check runs inside the report's own Redis script (`stepFor`); told
 * of a fix without its outcome, it makes the check itself.
 */
export class PositionJumpWatcher implements PositionObserver {
  constructor(
    private readonly db: Database,
    private readonly trust: Pick<PositionTrustStore, 'check' | 'checkStep' | 'verdictOf'>,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  stepFor(driverId: string, fix: ObservedFix): PositionScriptStep {
    return this.trust.checkStep(driverId, fix);
  }

  async observe(
    driverId: string,
    fix: ObservedFix,
    activeRideId: string | null,
    step?: PositionStepOutcome,
  ): Promise<void> {
    try {
      if (step && !step.ok) throw step.error;
      const verdict = step ? this.trust.verdictOf(step.reply, fix) : await this.trust.check(driverId, fix);
      if (verdict.kind !== 'JUMP' || !activeRideId) return;
      await insertFlagUpTo(
        this.db,
        {
          rideId: activeRideId,
          kind: 'POSITION_JUMP',
          details: {
            driverId,
            previous: toFix(verdict.previous),
            current: toFix(fix),
            distanceMeters: verdict.distanceMeters,
            speedKmh: verdict.speedKmh,
          },
        },
        MAX_JUMP_FLAGS_PER_RIDE,
      );
    } catch (error) {
      this.log.warn({ err: error, driverId }, 'position jump check failed');
    }
  }
}
