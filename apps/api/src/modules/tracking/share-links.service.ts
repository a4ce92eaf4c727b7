import { createHash, randomBytes } from 'node:crypto';
import type { PublicTracking, ShareLink } from '@truck4u/contracts';
import { type Database, uniqueViolationConstraint } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { RateLimiter } from '../../infra/rate-limiter';
import type { LiveTrackingService } from './live-tracking.service';
import type { PublicTrackBroadcaster } from './public-track.broadcaster';
import {
  findRideBySharedTokenHash,
  findTrackedRide,
  replaceShareLink,
  revokeShareLink,
  type TrackedRide,
} from './tracking.repository';

/** A link keeps working this long after its ride ends (the recipient sees "delivered"), then 404. */
export const SHARE_LINK_AFTER_END_MS = 60 * 60_000;

const ONE_LIVE_LINK_INDEX = 'ride_share_links_one_live_per_ride';

/** 32 random bytes (256 bits), base64url: unguessable, and safe in a URL path. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface ShareLinkOptions {
  /** The web app's base URL (FRONTEND_URL): links point at its public page. */
  webUrl: string;
  /** Requests to the public view per client address per minute. */
  publicLimitPerMinute: number;
}

/** When a ride's link stops working: never while it runs, one hour after it ended. */
export function shareLinkExpiry(ride: Pick<TrackedRide, 'endedAt'>): Date | null {
  return ride.endedAt ? new Date(ride.endedAt.getTime() + SHARE_LINK_AFTER_END_MS) : null;
}

/** The ride's customer shares its live tracking with someone without an account (the recipient, a colleague). */
export class ShareLinksService {
  constructor(
    private readonly db: Database,
    private readonly tracking: LiveTrackingService,
    private readonly publicTrack: PublicTrackBroadcaster,
    private readonly limiter: RateLimiter,
    private readonly options: ShareLinkOptions,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /**
   * A new link; any earlier one of the ride stops working at once (the token is shown only now and only its
   * hash is kept, so an earlier token cannot be shown again). An ended ride cannot be shared any more.
   */
  async share(customerId: string, rideId: string): Promise<ShareLink> {
    const ride = await this.customersRide(customerId, rideId);
    if (ride.endedAt) {
      throw new AppError('CONFLICT', `This ride is ${ride.status}: there is nothing left to follow`, {
        details: { status: ride.status },
      });
    }
    const token = newToken();
    const link = { rideId, customerId, tokenHash: hashShareToken(token) };
    try {
      await replaceShareLink(this.db, link);
    } catch (error) {
      // Two shares raced: the other committed its link between our revoke and our insert. Last one wins.
      if (uniqueViolationConstraint(error) !== ONE_LIVE_LINK_INDEX) throw error;
      await replaceShareLink(this.db, link);
    }
    await this.disconnectViewers(rideId);
    const base = this.options.webUrl.replace(/\/+$/, '');
    return {
      token,
      url: `${base}/fr/track/${token}`,
      expiresAt: shareLinkExpiry(ride)?.toISOString() ?? null,
    };
  }

  /** Revokes the ride's link: GET /api/track/:token answers 404 and its open pages are disconnected. */
  async revoke(customerId: string, rideId: string): Promise<void> {
    await this.customersRide(customerId, rideId);
    if (await revokeShareLink(this.db, rideId)) await this.disconnectViewers(rideId);
  }

  /**
   * The public view behind a token, or 404 for an unknown, revoked or expired one (the same answer, so a
   * guesser learns nothing). Rate-limited per client address, before the token is even looked up.
   */
  async publicView(token: string, clientAddress: string): Promise<{ rideId: string; view: PublicTracking }> {
    const rule = {
      key: `rl:track:ip:${clientAddress}`,
      limit: this.options.publicLimitPerMinute,
      windowSeconds: 60,
    };
    const outcome = await this.limiter.consume([rule]);
    if (!outcome.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many tracking requests; try again in a minute', {
        details: { retryAfterSeconds: outcome.retryAfterSeconds },
        headers: { 'retry-after': String(outcome.retryAfterSeconds) },
      });
    }
    const ride = await findRideBySharedTokenHash(this.db, hashShareToken(token));
    const expiresAt = ride ? shareLinkExpiry(ride) : null;
    if (!ride || (expiresAt && expiresAt.getTime() <= Date.now())) throw notFound('Tracking link');
    return { rideId: ride.id, view: await this.tracking.publicView(ride) };
  }

  /** Whether the token still opens a live link (no rate limit: the caller already passed publicView). */
  async isLinkLive(token: string): Promise<boolean> {
    const ride = await findRideBySharedTokenHash(this.db, hashShareToken(token));
    const expiresAt = ride ? shareLinkExpiry(ride) : null;
    return ride !== null && (expiresAt === null || expiresAt.getTime() > Date.now());
  }

  private async customersRide(customerId: string, rideId: string): Promise<TrackedRide> {
    const ride = await findTrackedRide(this.db, rideId);
    if (!ride || ride.customerId !== customerId) throw notFound('Ride');
    return ride;
  }

  private async disconnectViewers(rideId: string): Promise<void> {
    try {
      await this.publicTrack.disconnectViewers(rideId);
    } catch (error) {
      // The link is dead in Postgres already; a page left connected gets no more than it had until it reloads.
      this.log.warn({ err: error, rideId }, 'could not disconnect the share page viewers');
    }
  }
}
