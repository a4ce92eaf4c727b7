import { z } from 'zod';
import { millimesAmount } from './money';
import { ridePaymentSchema } from './payments';
import { phoneSchema } from './phone';
import { priceBandSchema, priceFlagSchema } from './price-band';
import { safeText } from './text';
import { vehicleTypeSchema } from './vehicles';

export const RIDE_STATUSES = [
  'PENDING_BIDS',
  'NO_DRIVERS_AVAILABLE',
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
  'COMPLETED',
  'CANCELLED',
] as const;
export const rideStatusSchema = z.enum(RIDE_STATUSES);
export type RideStatus = z.infer<typeof rideStatusSchema>;

/** Statuses in which a ride has a driver working on it; a driver holds at most one (a partial unique index on rides). */
export const ACTIVE_RIDE_STATUSES = [
  'BID_ACCEPTED',
  'DRIVER_ARRIVING',
  'PICKUP_ARRIVED',
  'LOADING',
  'IN_TRANSIT',
  'DROPOFF_ARRIVED',
] as const satisfies readonly RideStatus[];

/**
 * The ride status machine (docs/API.md#ride-status-machine): the only transitions the database update
 * will accept.
 */
export const RIDE_TRANSITIONS: Readonly<Record<RideStatus, readonly RideStatus[]>> = {
  PENDING_BIDS: ['BID_ACCEPTED', 'NO_DRIVERS_AVAILABLE', 'CANCELLED'],
  NO_DRIVERS_AVAILABLE: ['PENDING_BIDS', 'CANCELLED'],
  BID_ACCEPTED: ['DRIVER_ARRIVING', 'CANCELLED'],
  DRIVER_ARRIVING: ['PICKUP_ARRIVED', 'CANCELLED'],
  PICKUP_ARRIVED: ['LOADING', 'CANCELLED'],
  LOADING: ['IN_TRANSIT'],
  IN_TRANSIT: ['DROPOFF_ARRIVED'],
  DROPOFF_ARRIVED: ['COMPLETED'],
  COMPLETED: [],
  CANCELLED: [],
};

export function canTransition(from: RideStatus, to: RideStatus): boolean {
  return RIDE_TRANSITIONS[from].includes(to);
}

export function isTerminalStatus(status: RideStatus): boolean {
  return RIDE_TRANSITIONS[status].length === 0;
}

// Tunisia's bounding box, a little generous at the edges (islands of Kerkennah and Djerba included).
export const TUNISIA_BOUNDS = { minLat: 30.2, maxLat: 37.6, minLng: 7.5, maxLng: 11.7 } as const;

export const latSchema = z.number().min(-90).max(90);
export const lngSchema = z.number().min(-180).max(180);

export const placeSchema = z
  .object({
    lat: latSchema,
    lng: lngSchema,
    address: safeText().min(3).max(300),
  })
  .refine(
    (p) =>
      p.lat >= TUNISIA_BOUNDS.minLat &&
      p.lat <= TUNISIA_BOUNDS.maxLat &&
      p.lng >= TUNISIA_BOUNDS.minLng &&
      p.lng <= TUNISIA_BOUNDS.maxLng,
    { message: 'Truck4u serves Tunisia only: this point is outside the country' },
  );
export type Place = z.infer<typeof placeSchema>;

export const cargoSchema = z.object({
  description: safeText({ multiline: true }).min(2).max(500),
  weightKg: z.number().int().positive().max(40_000),
});

/** Bids are free prices, in millimes: from 1 TND to 100,000 TND. */
export const BID_PRICE_BOUNDS = { min: 1_000, max: 100_000_000 } as const;

/** A ride has at most this many stops between pickup and dropoff. */
export const MAX_RIDE_STOPS = 5;
export const STOP_STATUSES = ['PENDING', 'ARRIVED', 'DONE'] as const;
export const stopStatusSchema = z.enum(STOP_STATUSES);
export type StopStatus = z.infer<typeof stopStatusSchema>;

/** A stop as a ride shows it; the assigned driver marks it PENDING -> ARRIVED -> DONE (docs/TRACKING.md#stops). */
export const rideStopSchema = z.object({
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  status: stopStatusSchema,
  arrivedAt: z.string().optional(),
  doneAt: z.string().optional(),
});
export type RideStop = z.infer<typeof rideStopSchema>;

/** The person the goods are for (docs/TRUST.md#delivery-code). */
export const rideRecipientSchema = z.object({
  name: safeText().min(2).max(100),
  phone: phoneSchema,
});
export type RideRecipient = z.infer<typeof rideRecipientSchema>;

/** Cargo photos a ride may carry (`photoUploadIds`). */
export const MAX_RIDE_PHOTOS = 5;

/** Body of POST /api/rides. */
export const createRideSchema = z.object({
  pickup: placeSchema,
  dropoff: placeSchema,
  vehicleType: vehicleTypeSchema,
  cargo: cargoSchema,
  loadAssistance: z.boolean().default(false),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  stops: z
    .array(placeSchema)
    .max(MAX_RIDE_STOPS)
    .optional()
    .describe('Places to call at between pickup and dropoff, in order (at most 5)'),
  favouritesFirst: z
    .boolean()
    .optional()
    .describe(
      'Ask the customer’s favourite drivers first (online, free, any distance up to the largest radius) for FAVOURITES_WINDOW_MS, then everyone nearby',
    ),
  offeredPrice: millimesAmount(BID_PRICE_BOUNDS)
    .optional()
    .describe(
      'Millimes: the price the customer offers; a driver may bid exactly it by leaving out the price',
    ),
  recipient: rideRecipientSchema
    .optional()
    .describe(
      'Who receives the goods: gets a 6-digit delivery code by SMS when the ride is IN_TRANSIT; the driver needs it to complete the ride',
    ),
  photoUploadIds: z
    .array(z.uuid())
    .max(MAX_RIDE_PHOTOS)
    .optional()
    .describe(
      'READY CARGO_PHOTO uploads of the customer (POST /api/uploads), at most 5: attached to the ride, visible to its driver',
    ),
});
export type CreateRide = z.infer<typeof createRideSchema>;

export const rideGovernorateSchema = z.object({ code: z.string(), name: z.string() });

/** A ride as every client sees it (docs/API.md#json-shapes). Money is integer millimes. */
/**
 * The assigned driver as the ride's parties see them (GET /api/rides/:id, GET /api/rides). `phone` is in full
 * while the ride runs (BID_ACCEPTED to DROPOFF_ARRIVED) and masked ("+216 •• ••• 567") once it ended.
 */
export const rideDriverSchema = z.object({
  id: z.uuid(),
  firstName: z.string(),
  phone: z.string().describe('In full while the ride runs; masked, e.g. "+216 •• ••• 567", once it ended'),
  vehicle: z.object({ type: vehicleTypeSchema, plate: z.string() }),
  rating: z.number().nullable().describe('Average of the ratings received, 1–5; null before the first'),
});
export type RideDriver = z.infer<typeof rideDriverSchema>;

export const rideSchema = z.object({
  id: z.uuid(),
  status: rideStatusSchema,
  customerId: z.uuid(),
  driverId: z.uuid().nullable(),
  pickup: z.object({ lat: z.number(), lng: z.number(), address: z.string() }),
  dropoff: z.object({ lat: z.number(), lng: z.number(), address: z.string() }),
  vehicleType: vehicleTypeSchema,
  cargo: z.object({ description: z.string(), weightKg: z.number().int() }),
  loadAssistance: z.boolean(),
  scheduledAt: z.string().nullable(),
  dispatchStartsAt: z
    .string()
    .nullable()
    .optional()
    .describe(
      'When drivers start being asked to bid on a ride booked ahead (scheduledAt minus the dispatch lead time); ' +
        'null when the search started as soon as the ride was posted',
    ),
  governorate: rideGovernorateSchema,
  distanceMeters: z.number().int(),
  priceEstimate: z.number().int().describe('Millimes'),
  acceptedBidId: z.uuid().nullable(),
  price: z.number().int().nullable().describe('Millimes; the accepted bid'),
  payment: ridePaymentSchema
    .optional()
    .describe(
      'The ride’s payment (docs/MONEY.md, Held payments): NONE, HELD, RELEASED, REFUNDED or PAID, and its method',
    ),
  // Always sent by the api; optional in the schema only so clients' hand-made rides still type-check.
  stops: z
    .array(rideStopSchema)
    .optional()
    .describe('Stops between pickup and dropoff, in order; empty when none'),
  routeDistanceMeters: z
    .number()
    .int()
    .optional()
    .describe('Road distance pickup -> stops -> dropoff on the estimate’s basis, fixed at posting'),
  offeredPrice: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('Millimes; the price the customer offered when posting, null when they left it to bids'),
  priceBand: priceBandSchema
    .nullable()
    .optional()
    .describe(
      'The fair price band computed at posting (docs/PRICING.md); null on rides posted before it existed',
    ),
  driver: rideDriverSchema
    .optional()
    .describe('The assigned driver’s card, once a bid is accepted (single-ride and list reads)'),
  photoUploadIds: z
    .array(z.uuid())
    .optional()
    .describe('Cargo photos attached at posting (GET /api/uploads/:id for each); single-ride reads'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Ride = z.infer<typeof rideSchema>;

/**
 * PENDING is live (acceptable); COUNTERED waits for the driver's answer to the customer's counter-offer;
 * DECLINED is a counter the driver refused; WITHDRAWN the driver took back; EXPIRED is shown for a live or
 * countered bid past its expiry.
 */
export const BID_STATUSES = [
  'PENDING',
  'ACCEPTED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
  'COUNTERED',
  'DECLINED',
] as const;
export const bidStatusSchema = z.enum(BID_STATUSES);
export type BidStatus = z.infer<typeof bidStatusSchema>;

export const placeBidSchema = z.object({
  price: millimesAmount(BID_PRICE_BOUNDS)
    .optional()
    .describe('Millimes; left out, the bid is at the ride’s offeredPrice (400 when the ride has none)'),
  etaMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  message: safeText({ multiline: true }).max(500).optional(),
});
export type PlaceBid = z.infer<typeof placeBidSchema>;

export const bidSchema = z.object({
  id: z.uuid(),
  rideId: z.uuid(),
  driverId: z.uuid(),
  price: z.number().int(),
  etaMinutes: z.number().int(),
  message: z.string().nullable(),
  status: bidStatusSchema,
  counterPrice: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('Millimes; the customer’s counter-offer, kept once the driver answered'),
  priceFlag: priceFlagSchema
    .nullable()
    .optional()
    .describe('LOW or HIGH when the price is far outside the ride’s fair price band (docs/PRICING.md)'),
  expiresAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Bid = z.infer<typeof bidSchema>;

export const rideEventSchema = z.object({
  id: z.number().int().describe('Monotonic per database; clients resume from the last id they saw'),
  rideId: z.uuid(),
  type: z.string(),
  fromStatus: rideStatusSchema.nullable(),
  toStatus: rideStatusSchema.nullable(),
  actorRole: z.enum(['customer', 'driver', 'admin']).nullable(),
  createdAt: z.string(),
  data: z.unknown().optional(),
});
export type RideEvent = z.infer<typeof rideEventSchema>;

/** Body of POST /api/drivers/me/location and payload of the `driver:location` socket event. */
export const driverLocationSchema = z.object({
  lat: latSchema,
  lng: lngSchema,
  heading: z.number().min(0).max(360).optional(),
  speedKmh: z.number().min(0).max(250).optional(),
});
export type DriverLocation = z.infer<typeof driverLocationSchema>;

/**
 * A position reported over HTTP. `recordedAt` is when the phone took the fix: set when a queued position is
 * replayed after being offline, so a fix older than the newest one the server knows never moves the driver back.
 */
export const driverLocationReportSchema = driverLocationSchema.extend({
  recordedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the fix was taken (ISO 8601); omitted for a live position, which is taken as now'),
});
export type DriverLocationReport = z.infer<typeof driverLocationReportSchema>;

/** Path parameters of the ride routes. */
export const rideIdParamsSchema = z.object({ id: z.uuid() });
export const rideBidParamsSchema = z.object({ id: z.uuid(), bidId: z.uuid() });

/** The bidding driver as the customer sees them next to the bid; `rating` is their running average (1–5). */
export const bidDriverSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  rating: z.number().nullable(),
  ratingCount: z.number().int(),
  vehicleType: vehicleTypeSchema,
  vehicleCapacityKg: z.number().int(),
  // Always sent by the api; optional in the schema only so older clients' hand-made cards still type-check.
  firstName: z.string().optional(),
  vehicle: z.object({ type: vehicleTypeSchema, plate: z.string() }).optional(),
  ridesCompleted: z.number().int().optional(),
});

/** A bid with its driver: GET /api/rides/:id/bids and the `bid:new` event. */
export const bidWithDriverSchema = bidSchema.extend({ driver: bidDriverSchema });
export type BidWithDriver = z.infer<typeof bidWithDriverSchema>;

/** Response of POST /api/rides/:id/bids/:bidId/accept. */
export const bidAcceptanceSchema = z.object({ ride: rideSchema, bid: bidSchema });
export type BidAcceptance = z.infer<typeof bidAcceptanceSchema>;

/**
 * An id the client makes for one change (a UUID, say) and sends again when it replays the change after being
 * offline: the server applies a change once per ride and answers a replay with the current ride.
 */
export const clientEventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, '8 to 100 letters, digits or . _ : -')
  .describe('Client-made id of this change; a replay with the same id answers 200 with the current ride');

/** Body of PATCH /api/rides/:id/status: the assigned driver's next step (cancelling has its own route). */
export const updateRideStatusSchema = z.object({
  status: rideStatusSchema,
  clientEventId: clientEventIdSchema.optional(),
  deliveryCode: z
    .string()
    .regex(/^\d{6}$/, 'Six digits')
    .optional()
    .describe('COMPLETED of a ride with a recipient: the 6-digit code the recipient received by SMS'),
});
export type UpdateRideStatus = z.infer<typeof updateRideStatusSchema>;

/** Body of POST /api/rides/:id/rating: the customer rates the driver, or the driver rates the customer. */
/** How the customer rates the driver on each point, 1 to 5; only a customer's rating of a driver has them. */
export const ratingCriteriaSchema = z.object({
  punctuality: z.number().int().min(1).max(5),
  care: z.number().int().min(1).max(5),
  communication: z.number().int().min(1).max(5),
});
export type RatingCriteria = z.infer<typeof ratingCriteriaSchema>;

export const rateRideSchema = z.object({
  score: z.number().int().min(1).max(5).describe('Stars, 1 to 5'),
  criteria: ratingCriteriaSchema
    .optional()
    .describe('Customer rating a driver only: all three criteria, 1 to 5 each'),
  comment: safeText({ multiline: true }).max(1000).optional(),
});
export type RateRide = z.infer<typeof rateRideSchema>;

export const ratingSchema = z.object({
  id: z.uuid(),
  rideId: z.uuid(),
  raterRole: z.enum(['customer', 'driver']),
  rateeRole: z.enum(['customer', 'driver']),
  rateeId: z.uuid(),
  score: z.number().int(),
  criteria: ratingCriteriaSchema.nullable().optional(),
  comment: z.string().nullable(),
  createdAt: z.string(),
  /** The rated person's running average after this rating. */
  rateeRating: z.object({ average: z.number(), count: z.number().int() }),
});
export type Rating = z.infer<typeof ratingSchema>;

/** Body of POST /api/rides/:id/bids/:bidId/counter: the customer's counter-offer. */
export const counterBidSchema = z.object({
  price: millimesAmount(BID_PRICE_BOUNDS).describe('Millimes'),
});
export type CounterBid = z.infer<typeof counterBidSchema>;

/** Body of POST /api/rides/:id/bids/:bidId/counter/respond: the bid's driver answers the counter-offer. */
export const respondToCounterSchema = z.object({
  accept: z.boolean().describe('true: the bid is live again at the counter price; false: DECLINED'),
});
export type RespondToCounter = z.infer<typeof respondToCounterSchema>;
