import type { Role } from '@truck4u/contracts';
import type { Logger } from '../../infra/logger';
import type { RealtimeEventName, RealtimeNotifier, RealtimePayload } from '../../realtime/realtime-notifier';
import type { PublicTrackBroadcaster } from './public-track.broadcaster';

/**
 * Every service's RealtimeNotifier, with one addition: what a ride's room receives about status, position
 * and ETA is also sent, minimised, to the ride's public share-page viewers. Minimising here, in one place,
 * means a new field on `ride:status` or `driver:location` can never leak to the public page: only the fields
 * picked below go out (no ride id, no driver id, no ride object).
 */
export class TrackingRelayNotifier implements RealtimeNotifier {
  constructor(
    private readonly inner: RealtimeNotifier,
    private readonly publicTrack: PublicTrackBroadcaster,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async toRide<E extends RealtimeEventName>(rideId: string, event: E, payload: RealtimePayload<E>) {
    await this.inner.toRide(rideId, event, payload);
    // Not awaited: the public copy is best effort (at most once, like every event) and must never hold up
    // the request or job that emitted, e.g. while Redis is slow; the page also polls GET /api/track/:token.
    void this.relay(rideId, event, payload).catch((error: unknown) =>
      this.log.warn({ err: error, rideId, event }, 'public tracking relay failed'),
    );
  }

  private relay<E extends RealtimeEventName>(rideId: string, event: E, payload: RealtimePayload<E>) {
    if (event === 'ride:status') {
      const p = payload as RealtimePayload<'ride:status'>;
      return this.publicTrack.emit(rideId, 'track:status', { status: p.to, at: new Date().toISOString() });
    }
    if (event === 'driver:location') {
      const p = payload as RealtimePayload<'driver:location'>;
      return this.publicTrack.emit(rideId, 'track:position', {
        lat: p.lat,
        lng: p.lng,
        ...(p.heading === undefined ? {} : { heading: p.heading }),
        at: p.at,
      });
    }
    if (event === 'ride:eta') {
      const p = payload as RealtimePayload<'ride:eta'>;
      return this.publicTrack.emit(rideId, 'track:eta', { etaSeconds: p.etaSeconds });
    }
    return Promise.resolve();
  }

  toUser<E extends RealtimeEventName>(role: Role, userId: string, event: E, payload: RealtimePayload<E>) {
    return this.inner.toUser(role, userId, event, payload);
  }

  revokeUserSessions(role: Role, userId: string, reason: string) {
    return this.inner.revokeUserSessions(role, userId, reason);
  }

  revokeSession(sessionId: string, reason: string) {
    return this.inner.revokeSession(sessionId, reason);
  }

  joinRide(role: Role, userId: string, rideId: string) {
    return this.inner.joinRide(role, userId, rideId);
  }

  leaveRide(role: Role, userId: string, rideId: string) {
    return this.inner.leaveRide(role, userId, rideId);
  }
}
