import type { Redis } from 'ioredis';
import type { Logger } from '../../infra/logger';

// Far longer than any copy of a driver's state is trusted (DriverLocationService's cache): once the mark
// expires, every such copy has been re-read from Postgres, which says the ride is over.
const MARK_TTL_SECONDS = 15 * 60;

/**
 * A Redis mark `<prefix>ride:ended:<rideId>`, set by the code that moves a ride to COMPLETED or CANCELLED,
 * right after its transaction commits and before the request answers. Whoever forwards a driver's position
 * to a ride's room checks it first (DriverLocationService), so a ride's room stops getting the position the
 * moment the ride ends, whichever api instance or process ended it.
 *
 * Why a mark of the end rather than a key holding the driver's active ride: a lost write here (Redis down at
 * that instant) only falls back to the socket's short state cache, whereas a lost delete of an "active ride"
 * key would keep publishing a finished ride's driver for as long as the key lived.
 */
export class EndedRidesStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private key(rideId: string): string {
    return `${this.keyPrefix}ride:ended:${rideId}`;
  }

  async markEnded(rideId: string): Promise<void> {
    await this.redis.set(this.key(rideId), '1', 'EX', MARK_TTL_SECONDS);
  }

  async hasEnded(rideId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(rideId))) === 1;
  }
}

/**
 * Marks the ride ended once its COMPLETED or CANCELLED transition has committed. The ride is over either way:
 * a failure is logged, and positions then stop reaching its room when the socket's state cache next expires.
 */
export async function markRideEnded(
  store: Pick<EndedRidesStore, 'markEnded'>,
  rideId: string,
  log: Pick<Logger, 'warn'>,
): Promise<void> {
  try {
    await store.markEnded(rideId);
  } catch (error) {
    log.warn({ err: error, rideId }, 'could not mark the ride ended for location forwarding');
  }
}
