import { z } from 'zod';
import { safeText } from './text';

const isoDate = z.string().describe('ISO 8601 timestamp, UTC');

export const PROOF_STAGES = ['PICKUP', 'DELIVERY'] as const;
export const proofStageSchema = z.enum(PROOF_STAGES);
export type ProofStage = z.infer<typeof proofStageSchema>;

/** At most this many photos in one proof. */
export const MAX_PROOF_PHOTOS = 5;

/** Body of POST /api/rides/:id/proofs (docs/TRUST.md#proof-of-service). */
export const createProofSchema = z.object({
  stage: proofStageSchema,
  uploadIds: z
    .array(z.uuid())
    .min(1)
    .max(MAX_PROOF_PHOTOS)
    .describe('READY uploads of purpose PROOF_PHOTO made by the driver, not attached to anything yet'),
  note: safeText({ multiline: true }).max(500).optional(),
});
export type CreateProof = z.infer<typeof createProofSchema>;

export const proofSchema = z.object({
  id: z.uuid(),
  rideId: z.uuid(),
  driverId: z.uuid(),
  stage: proofStageSchema,
  uploadIds: z.array(z.uuid()).describe('Read each with GET /api/uploads/:id for a short-lived download URL'),
  note: z.string().nullable(),
  createdAt: isoDate,
});
export type Proof = z.infer<typeof proofSchema>;

export const proofListSchema = z.object({ items: z.array(proofSchema) });

export const RIDE_FLAG_KINDS = ['POSITION_JUMP', 'NO_POSITION_AT_DROPOFF'] as const;
export const rideFlagKindSchema = z.enum(RIDE_FLAG_KINDS);
export type RideFlagKind = z.infer<typeof rideFlagKindSchema>;

/** Something about a ride an admin should look at (GET /api/admin/rides/:id `flags`). */
export const rideFlagSchema = z.object({
  id: z.uuid(),
  rideId: z.uuid(),
  kind: rideFlagKindSchema,
  details: z
    .unknown()
    .describe(
      'POSITION_JUMP: { previous, current, distanceMeters, speedKmh } (fixes are { lat, lng, at }); NO_POSITION_AT_DROPOFF: { status }',
    ),
  createdAt: isoDate,
});
export type RideFlag = z.infer<typeof rideFlagSchema>;

/** GET /api/rides/:id/delivery: who receives the goods and the state of the delivery code. */
export const rideDeliverySchema = z.object({
  rideId: z.uuid(),
  recipient: z.object({ name: z.string(), phone: z.string() }).nullable(),
  hasCode: z.boolean().describe('True from IN_TRANSIT on for a ride with a recipient'),
  code: z
    .string()
    .nullable()
    .describe('The 6-digit code: only the customer sees it (to relay it); null for everyone else'),
  triesLeft: z.number().int().nullable(),
  locked: z.boolean(),
  smsSentAt: isoDate.nullable(),
});
export type RideDelivery = z.infer<typeof rideDeliverySchema>;

/** POST /api/admin/rides/:id/delivery-code/unlock: support unblocks a driver at the door (docs/TRUST.md). */
export const unlockDeliveryCodeSchema = z.object({
  reason: safeText({ multiline: true }).min(3).max(500).describe('Why the code is unlocked; audited'),
  reissue: z
    .boolean()
    .default(false)
    .describe(
      'False: the same code works again (the recipient still has it), tries back to the limit. True: a new code, texted to the recipient; the old one stops working',
    ),
});
export type UnlockDeliveryCode = z.infer<typeof unlockDeliveryCodeSchema>;

/** Payload of the `proof:new` event to the ride's room. */
export const proofEventSchema = z.object({ rideId: z.uuid(), proof: proofSchema });
