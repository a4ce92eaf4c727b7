import { z } from 'zod';
import { rideStatusSchema, stopStatusSchema } from './rides';
import { vehicleTypeSchema } from './vehicles';

/**
 * Live tracking of a ride (docs/TRACKING.md): the participants' view, the stops the driver marks, and the
 * public share link's deliberately small view.
 */

/** Path of PATCH /api/rides/:id/stops/:index (index 0 is the first stop after pickup). */
export const rideStopParamsSchema = z.object({
  id: z.uuid(),
  index: z.coerce.number().int().min(0).max(4),
});

/** Body of PATCH /api/rides/:id/stops/:index: the next status of that stop (PENDING -> ARRIVED -> DONE). */
export const updateStopStatusSchema = z.object({
  status: stopStatusSchema.exclude(['PENDING']),
});
export type UpdateStopStatus = z.infer<typeof updateStopStatusSchema>;

/** A driver's last known position on a ride. */
export const trackedPositionSchema = z.object({
  lat: z.number(),
  lng: z.number(),
  heading: z.number().optional(),
  speedKmh: z.number().optional(),
  at: z.string().describe('When the server received it (ISO 8601)'),
});
export type TrackedPosition = z.infer<typeof trackedPositionSchema>;

/** Where the ETA points: the pickup until PICKUP_ARRIVED, then the dropoff through the stops not yet done. */
export const etaTargetSchema = z.enum(['PICKUP', 'DROPOFF']);

/** Response of GET /api/rides/:id/tracking (the ride's customer, its driver and admins). */
export const rideTrackingSchema = z.object({
  rideId: z.uuid(),
  status: rideStatusSchema,
  position: trackedPositionSchema.nullable().describe('Null until the assigned driver reports a position'),
  target: etaTargetSchema
    .nullable()
    .describe('Null once the ride is at the dropoff, ended, or has no driver'),
  etaSeconds: z.number().int().nullable(),
  distanceLeftMeters: z.number().int().nullable().describe('Road distance to `target`'),
  routeDistanceLeftMeters: z
    .number()
    .int()
    .nullable()
    .describe('Road distance left to the dropoff, through the pickup (before it) and the stops not done'),
  routeDistanceMeters: z.number().int().describe('The whole route, fixed at posting'),
  nextStopIndex: z.number().int().nullable().describe('The first stop not DONE, null when none'),
  source: z.enum(['router', 'estimate']).nullable().describe('Road router or straight line × road factor'),
});
export type RideTracking = z.infer<typeof rideTrackingSchema>;

/** Response of POST /api/rides/:id/share. The token is shown once; only its hash is kept. */
export const shareLinkSchema = z.object({
  token: z.string(),
  url: z.string().describe('The public page, /{locale}/track/{token} on the web app'),
  expiresAt: z
    .string()
    .nullable()
    .describe('Null while the ride runs; one hour after its end once it has ended'),
});
export type ShareLink = z.infer<typeof shareLinkSchema>;

/** Path of GET /api/track/:token. */
export const trackTokenParamsSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'not a tracking token'),
});

/**
 * GET /api/track/:token and the `track:join` acknowledgement: exactly these keys, nothing about the ride's
 * parties, its pickup, addresses, prices or phones. Strict, so the api cannot add a field by accident.
 */
export const publicTrackingSchema = z.strictObject({
  status: rideStatusSchema,
  etaSeconds: z.number().int().nullable(),
  position: z
    .strictObject({ lat: z.number(), lng: z.number(), heading: z.number().optional(), at: z.string() })
    .nullable()
    .describe('The truck, while a driver is on the ride; null before and after'),
  vehicle: z.strictObject({ type: vehicleTypeSchema }),
  driver: z.strictObject({ firstName: z.string() }).nullable(),
  dropoff: z.strictObject({ lat: z.number(), lng: z.number() }).describe('A point on the map, no address'),
});
export type PublicTracking = z.infer<typeof publicTrackingSchema>;

/** Payload of the `ride:eta` event to the ride's room, at most one per ride every 15 s. */
export const rideEtaEventSchema = z.object({
  rideId: z.uuid(),
  etaSeconds: z.number().int(),
  distanceLeftMeters: z.number().int(),
});
export type RideEtaEvent = z.infer<typeof rideEtaEventSchema>;

/** Payload of the `ride:stop` event to the ride's room: a stop changed status (also a ride event). */
export interface RideStopEvent {
  rideId: string;
  eventId: number;
  index: number;
  from: z.infer<typeof stopStatusSchema>;
  to: z.infer<typeof stopStatusSchema>;
}

/** The Socket.io namespace of the public share page: no access token, only `track:join`. */
export const PUBLIC_TRACK_NAMESPACE = '/track';

/** The acknowledgement of `track:join`: the public snapshot, or an error code (NOT_FOUND, RATE_LIMITED...). */
export type TrackJoinAck = { ok: true; tracking: PublicTracking } | { ok: false; error: string };

/** Events the server sends on the public namespace: minimised, no ride id, no parties. */
export interface PublicTrackServerEvents {
  'track:status': (payload: { status: z.infer<typeof rideStatusSchema>; at: string }) => void;
  'track:eta': (payload: { etaSeconds: number }) => void;
  'track:position': (payload: { lat: number; lng: number; heading?: number; at: string }) => void;
}

export interface PublicTrackClientEvents {
  'track:join': (payload: { token: string }, ack?: (result: TrackJoinAck) => void) => void;
}

export const PUBLIC_TRACK_SERVER_EVENT_NAMES = Object.keys({
  'track:status': true,
  'track:eta': true,
  'track:position': true,
} satisfies Record<keyof PublicTrackServerEvents, true>) as (keyof PublicTrackServerEvents)[];
