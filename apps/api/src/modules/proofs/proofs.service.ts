import type { CreateProof, Proof, ProofStage, RideStatus, UserRef } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import { AppError, notFound } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import { claimUploads } from '../uploads/upload-claims.repository';
import { findRideForTrust, insertProof, listProofs } from './proofs.repository';

/** A delivery photo may still be added this long after completion (taken at the door, sent once online). */
export const DELIVERY_PROOF_GRACE_MS = 60 * 60_000;

/** When each stage's photos may be added (docs/TRUST.md#proof-of-service). */
const STAGE_STATUSES: Readonly<Record<ProofStage, readonly RideStatus[]>> = {
  PICKUP: ['PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT'],
  DELIVERY: ['DROPOFF_ARRIVED', 'COMPLETED'],
};

/** Pickup and delivery photos of a ride, by its assigned driver. */
export class ProofsService {
  constructor(
    private readonly db: Database,
    private readonly realtime: RealtimeNotifier,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /**
   * The photos (READY PROOF_PHOTO uploads of the driver) are claimed for the ride in the proof's transaction,
   * under the ride's row lock, so a status change cannot slip between the window check and the insert.
   */
  async add(driverId: string, rideId: string, input: CreateProof): Promise<Proof> {
    const proof = await this.db.transaction(async (tx) => {
      const ride = await findRideForTrust(tx, rideId, true);
      if (!ride || ride.driverId !== driverId) throw notFound('Ride');
      const allowed = STAGE_STATUSES[input.stage];
      const isLateDelivery =
        ride.status === 'COMPLETED' &&
        (ride.completedAt === null || Date.now() - ride.completedAt.getTime() > DELIVERY_PROOF_GRACE_MS);
      if (!allowed.includes(ride.status) || isLateDelivery) {
        throw new AppError(
          'CONFLICT',
          `${input.stage} photos can be added while the ride is ${allowed.join(', ')}${input.stage === 'DELIVERY' ? ' (up to an hour after completion)' : ''}`,
          { details: { status: ride.status, allowed } },
        );
      }
      const uploadIds = await claimUploads(tx, {
        uploadIds: input.uploadIds,
        owner: { role: 'driver', userId: driverId },
        purpose: 'PROOF_PHOTO',
        rideId,
      });
      return insertProof(tx, { rideId, driverId, stage: input.stage, uploadIds, note: input.note ?? null });
    });
    try {
      await this.realtime.toRide(rideId, 'proof:new', { rideId, proof });
    } catch (error) {
      this.log.warn({ err: error, rideId }, 'proof:new broadcast failed');
    }
    return proof;
  }

  /** The ride's customer, its assigned driver and admins; anyone else gets 404, as for the ride. */
  async list(caller: UserRef, rideId: string): Promise<Proof[]> {
    const ride = await findRideForTrust(this.db, rideId);
    const isParty =
      (caller.role === 'customer' && ride?.customerId === caller.id) ||
      (caller.role === 'driver' && ride?.driverId === caller.id) ||
      caller.role === 'admin';
    if (!ride || !isParty) throw notFound('Ride');
    return listProofs(this.db, rideId);
  }
}
