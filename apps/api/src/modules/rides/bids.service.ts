import type { Bid, BidAcceptance, BidWithDriver, CounterBid, PlaceBid, UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { sql } from 'drizzle-orm';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { ReadCache } from '../../infra/read-cache';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { type GovernorateRateCache, resolveCommissionRate } from '../commissions/commission-rate';
import { documentExpired } from '../documents/document-rules';
import { balanceBelowMinimum } from '../wallet/driver-minimum-balance';
import { type BidPlacement, placeBidIfAllowed } from './bid-placement.repository';
import {
  answerCounter,
  type BidRow,
  counterBid,
  type DriverCard,
  findBid,
  findBidder,
  findDriverCards,
  findRideParties,
  listBidsOfRide,
  markBidAccepted,
  rejectOtherBids,
  toBidDto,
  toDriverCard,
  withdrawBid,
} from './bids.repository';
import { announceRideClosed } from './ride-closed.announcer';
import type { RideSnapshotInvalidation } from './ride-snapshot-cache';
import { transitionRide } from './ride-transitions';
import { isRideVisible } from './ride-visibility';
import { findRideDto, listNotifiedDriverIds } from './rides.repository';

/**
 * Why the driver may not place this bid, checked in this order (the first rule broken is the one answered), or
 * null. The placement statement (bid-placement.repository.ts) writes the bid only when none is broken.
 */
function refusalToBid(placement: BidPlacement, input: PlaceBid, minimumBalance: number): AppError | null {
  const { bidder, ride } = placement;
  // Same rule as going online: a driver owing too much commission on cash rides takes no new ride.
  if (bidder && bidder.balance < minimumBalance) return balanceBelowMinimum(bidder.balance, minimumBalance);
  // Offered before a required document expired: the block applies to bidding as to going online.
  const [expiredKind] = bidder?.expiredDocumentKinds ?? [];
  if (expiredKind) return documentExpired(expiredKind, bidder?.expiredDocumentKinds);
  // A driver who was never offered the ride does not learn that it exists.
  if (!ride?.wasNotified) return notFound('Ride');
  if (ride.status !== 'PENDING_BIDS') {
    return new AppError('CONFLICT', `This ride no longer takes bids (it is ${ride.status})`);
  }
  if (!bidder || bidder.isDeactivated) return new AppError('FORBIDDEN', 'This driver account is not active');
  if (bidder.verificationStatus !== 'VERIFIED')
    return new AppError('FORBIDDEN', 'Only verified drivers may bid');
  if (bidder.hasActiveRide) {
    return new AppError('DRIVER_BUSY', 'Finish your current ride before bidding on another one');
  }
  if ((input.price ?? ride.offeredPrice) === null) {
    return new AppError('VALIDATION_FAILED', 'This ride has no offered price: give a price', {
      details: [{ path: 'body.price', message: 'required: the ride has no offeredPrice', code: 'custom' }],
    });
  }
  return null;
}

/**
 * Bidding on a ride and accepting a bid (docs/API.md#bids). Lock order, everywhere: the ride row, then its
 * bids; so a bid being placed and the customer accepting another one never deadlock, and an acceptance
 * always sees the latest price of the bid it accepts.
 */
export class BidsService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    private readonly config: { ttlMs: number; driverMinBalanceMillimes: number },
    private readonly log: Pick<Logger, 'warn'>,
    /** Left out (some tests), every read goes to Postgres. */
    private readonly caches: {
      driverCards?: ReadCache<DriverCard>;
      governorateRates?: GovernorateRateCache;
      rideSnapshots?: RideSnapshotInvalidation;
    } = {},
  ) {}

  /**
   * A notified, verified and free driver bids on a searching ride; bidding again replaces their bid (and
   * answers any open counter-offer with the new price). Without a price the bid is at the ride's offered
   * price: the one-tap "take the customer's price".
   */
  async placeBid(driverId: string, rideId: string, input: PlaceBid): Promise<{ bid: Bid; created: boolean }> {
    const placement = await placeBidIfAllowed(
      this.db,
      {
        rideId,
        driverId,
        price: input.price ?? null,
        etaMinutes: input.etaMinutes,
        message: input.message ?? null,
      },
      { ttlMs: this.config.ttlMs, minimumBalance: this.config.driverMinBalanceMillimes },
    );
    const refusal = refusalToBid(placement, input, this.config.driverMinBalanceMillimes);
    if (refusal) throw refusal;
    const { bidder, ride, placed } = placement;
    // refusalToBid returns null only when the statement's rules held, which is when it wrote the bid.
    if (!bidder || !ride || !placed) throw new Error('the bid was allowed but not written');

    // No ride event for a bid: drivers offered the ride can read its events, and must not see rivals' prices.
    const bid = toBidDto(placed.row, false, ride.band);
    try {
      if (placed.created) {
        await this.realtime.toUser('customer', ride.customerId, 'bid:new', {
          bid: { ...bid, driver: toDriverCard(bidder) },
        });
      } else {
        await this.realtime.toUser('customer', ride.customerId, 'bid:updated', { bid });
      }
    } catch (error) {
      // The bid is committed; the customer's list over HTTP shows it even if the push is lost.
      this.log.warn({ err: error, rideId }, 'bid notification failed');
    }
    return { bid, created: placed.created };
  }

  /**
   * Whoever may see the ride (ride-visibility.ts) may list its bids: its customer all of them, a driver only
   * their own. Admins are not let through by the route.
   */
  async listBids(caller: UserRef, rideId: string): Promise<BidWithDriver[]> {
    if (!(await isRideVisible(this.db, rideId, caller))) throw notFound('Ride');
    const listed = await listBidsOfRide(this.db, rideId, caller.role === 'driver' ? caller.id : null);
    const driverIds = listed.map((bid) => bid.driverId);
    const load = (missing: string[]) => findDriverCards(this.db, missing);
    const cards = this.caches.driverCards
      ? await this.caches.driverCards.getMany(driverIds, load)
      : await load(driverIds);
    // bids.driver_id references drivers, so every bid has its card; the filter only keeps the types honest.
    return listed.flatMap((bid) => {
      const driver = cards.get(bid.driverId);
      return driver ? [{ ...bid, driver }] : [];
    });
  }

  /**
   * The customer accepts one live bid: in one transaction the ride gets its driver, price and commission
   * rate, the bid is ACCEPTED and every other bid REJECTED. A driver already busy on another ride makes the
   * acceptance fail with DRIVER_BUSY (the partial unique index on rides decides under concurrency).
   */
  async acceptBid(customerId: string, rideId: string, bidId: string): Promise<BidAcceptance> {
    const outcome = await this.db.transaction(async (tx) => {
      // Lock the ride first (same order as placing a bid): concurrent acceptances queue here, and the first
      // one's status change makes every later one fail below.
      const ride = await findRideParties(tx, rideId, 'no key update');
      if (!ride || ride.customerId !== customerId) throw notFound('Ride');
      const found = await findBid(tx, rideId, bidId);
      if (!found) throw notFound('Bid');
      // Accepting the bid already accepted (a retry after a lost answer, a double tap) answers as the first time.
      if (ride.acceptedBidId === bidId && found.row.status === 'ACCEPTED')
        return { kind: 'replay' as const, row: found.row };
      if (ride.status !== 'PENDING_BIDS') {
        throw new AppError('INVALID_TRANSITION', `A bid cannot be accepted on a ride that is ${ride.status}`);
      }
      if (found.row.status === 'COUNTERED') {
        throw new AppError(
          'CONFLICT',
          'You made a counter-offer on this bid: it can be accepted once the driver answers it',
          { details: { status: found.row.status, counterPrice: found.row.counterPrice } },
        );
      }
      if (found.row.status !== 'PENDING') {
        throw new AppError('CONFLICT', `This bid is ${found.row.status} and cannot be accepted`);
      }
      if (found.expired)
        throw new AppError('BID_EXPIRED', 'This bid has expired; ask the driver to bid again');

      // A driver suspended (or whose verification was withdrawn) since bidding gets no ride.
      const bidder = await findBidder(tx, found.row.driverId);
      if (!bidder || bidder.isDeactivated || bidder.verificationStatus !== 'VERIFIED') {
        throw new AppError('CONFLICT', 'This driver can no longer take rides; choose another bid');
      }
      const commission = await resolveCommissionRate(
        tx,
        customerId,
        ride.governorateCode,
        this.caches.governorateRates,
      );
      const moved = await transitionRide(tx, {
        rideId,
        from: ['PENDING_BIDS'],
        to: 'BID_ACCEPTED',
        actor: { role: 'customer', id: customerId },
        set: {
          driverId: found.row.driverId,
          acceptedBidId: bidId,
          price: found.row.price,
          commissionRateBps: commission.rateBps,
          acceptedAt: sql`now()`,
        },
        eventData: {
          bidId,
          driverId: found.row.driverId,
          price: found.row.price,
          commissionRateBps: commission.rateBps,
          commissionSource: commission.source,
        },
      });
      if (!moved) throw new AppError('INVALID_TRANSITION', 'This ride is no longer taking bids');
      const accepted = await markBidAccepted(tx, bidId);
      const rejected = await rejectOtherBids(tx, rideId, bidId);
      const offeredDriverIds = await listNotifiedDriverIds(tx, rideId);
      return {
        kind: 'accepted' as const,
        accepted,
        rejected,
        offeredDriverIds,
        eventId: moved.eventId,
        band: ride.band,
      };
    });
    await this.caches.rideSnapshots?.rides(rideId);

    const ride = await findRideDto(this.db, rideId);
    if (!ride) throw notFound('Ride');
    // A replay announces nothing: the first acceptance did.
    if (outcome.kind === 'replay') return { ride, bid: toBidDto(outcome.row, false, ride.priceBand ?? null) };
    const bid = toBidDto(outcome.accepted, false, outcome.band);
    await this.announceWinner(ride, bid);
    await announceRideClosed(
      this.realtime,
      {
        ride,
        reason: 'BID_ACCEPTED',
        eventId: outcome.eventId,
        from: 'PENDING_BIDS',
        rejectedBids: outcome.rejected,
        offeredDriverIds: outcome.offeredDriverIds,
      },
      this.log,
    );
    return { ride, bid };
  }

  /**
   * The ride's customer counters a live bid with their own price: the bid is COUNTERED (one open counter per
   * bid) until its driver answers or it expires; the driver gets `bid:countered`, the customer's other
   * screens `bid:updated`.
   */
  async counter(customerId: string, rideId: string, bidId: string, input: CounterBid): Promise<Bid> {
    const outcome = await this.db.transaction(async (tx) => {
      // FOR SHARE, as placing a bid: never while the ride is being accepted or cancelled.
      const ride = await findRideParties(tx, rideId, 'share');
      if (!ride || ride.customerId !== customerId) throw notFound('Ride');
      const found = await findBid(tx, rideId, bidId);
      if (!found) throw notFound('Bid');
      assertTakesBids(ride.status);
      const countered = await counterBid(tx, bidId, input.price, this.config.ttlMs);
      if (!countered) throw notOpen(found, 'countered');
      return { row: countered, band: ride.band, customerId: ride.customerId };
    });
    const bid = toBidDto(outcome.row, false, outcome.band);
    await this.push(rideId, async () => {
      await this.realtime.toUser('driver', bid.driverId, 'bid:countered', { bid });
      await this.realtime.toUser('customer', outcome.customerId, 'bid:updated', { bid });
    });
    return bid;
  }

  /**
   * The bid's driver answers the customer's counter-offer: accepting makes the bid live again at the counter
   * price (the customer still accepts it), declining makes it DECLINED. The customer gets `bid:updated`.
   * Another driver, or a bid that is not this driver's, is 404.
   */
  async respondToCounter(driverId: string, rideId: string, bidId: string, accept: boolean): Promise<Bid> {
    const outcome = await this.db.transaction(async (tx) => {
      const ride = await findRideParties(tx, rideId, 'share');
      const found = ride ? await findBid(tx, rideId, bidId) : null;
      if (!ride || !found || found.row.driverId !== driverId) throw notFound('Bid');
      assertTakesBids(ride.status);
      const answered = await answerCounter(tx, bidId, driverId, accept, this.config.ttlMs);
      if (!answered) throw notOpen(found, 'answered', 'COUNTERED');
      return { row: answered, band: ride.band, customerId: ride.customerId };
    });
    const bid = toBidDto(outcome.row, false, outcome.band);
    await this.push(rideId, () =>
      this.realtime.toUser('customer', outcome.customerId, 'bid:updated', { bid }),
    );
    return bid;
  }

  /** The driver takes back their open bid: WITHDRAWN, never accepted; the customer gets `bid:withdrawn`. */
  async withdraw(driverId: string, rideId: string, bidId: string): Promise<Bid> {
    const outcome = await this.db.transaction(async (tx) => {
      // Same lock as accepting: a withdrawal and an acceptance of this bid queue here and one of them wins.
      const ride = await findRideParties(tx, rideId, 'share');
      const found = ride ? await findBid(tx, rideId, bidId) : null;
      if (!ride || !found || found.row.driverId !== driverId) throw notFound('Bid');
      assertTakesBids(ride.status);
      const withdrawn = await withdrawBid(tx, bidId, driverId);
      if (!withdrawn) throw notOpen(found, 'withdrawn');
      return { row: withdrawn, band: ride.band, customerId: ride.customerId };
    });
    const bid = toBidDto(outcome.row, false, outcome.band);
    await this.push(rideId, () =>
      this.realtime.toUser('customer', outcome.customerId, 'bid:withdrawn', { bid }),
    );
    return bid;
  }

  /** Sends after commit; a lost push is caught up through GET /api/rides/:id/bids. */
  private async push(rideId: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.log.warn({ err: error, rideId }, 'bid notification failed');
    }
  }

  /** The winner's part of the close; the rest of it is the RideClosed announcement, sent right after. */
  private async announceWinner(ride: BidAcceptance['ride'], bid: Bid): Promise<void> {
    try {
      // The winner joins the ride's room first, so the status broadcast that follows reaches them too.
      await this.realtime.joinRide('driver', bid.driverId, ride.id);
      await this.realtime.toUser('driver', bid.driverId, 'bid:accepted', { bid, ride });
    } catch (error) {
      // Committed already; clients catch up from the ride's events over HTTP.
      this.log.warn({ err: error, rideId: ride.id }, 'acceptance notifications failed');
    }
  }
}

/** Counters, answers and withdrawals happen only while the ride takes bids. */
function assertTakesBids(status: string): void {
  if (status !== 'PENDING_BIDS') {
    throw new AppError('CONFLICT', `This ride no longer takes bids (it is ${status})`);
  }
}

/**
 * Why a conditional bid update found nothing: an expired bid says BID_EXPIRED, anything else is 409 naming the
 * status the bid was in (the status read before the update; a racing change shows as that change's loser).
 */
function notOpen(
  found: { row: BidRow; expired: boolean },
  action: string,
  expected: 'PENDING' | 'COUNTERED' = 'PENDING',
): AppError {
  if (found.expired) return new AppError('BID_EXPIRED', 'This bid has expired');
  const status = found.row.status;
  const reason =
    status === expected
      ? 'it changed meanwhile'
      : `it is ${status}${expected === 'COUNTERED' ? ', not COUNTERED' : ''}`;
  return new AppError('CONFLICT', `This bid cannot be ${action}: ${reason}`, { details: { status } });
}
