import type { PriceBand, Ride, RidePaymentStatus } from '@truck4u/contracts';
import type { rides } from '@truck4u/database';

export type RideRow = typeof rides.$inferSelect;

/** The columns the client's view of a ride is made of (the hot read selects only these). */
export type RideDtoColumns = Pick<
  RideRow,
  | 'id'
  | 'status'
  | 'customerId'
  | 'driverId'
  | 'pickupLat'
  | 'pickupLng'
  | 'pickupAddress'
  | 'dropoffLat'
  | 'dropoffLng'
  | 'dropoffAddress'
  | 'vehicleType'
  | 'cargoDescription'
  | 'cargoWeightKg'
  | 'loadAssistance'
  | 'scheduledAt'
  | 'dispatchStartsAt'
  | 'governorateCode'
  | 'distanceMeters'
  | 'priceEstimate'
  | 'acceptedBidId'
  | 'price'
  | 'paymentStatus'
  | 'paymentMethod'
  | 'offeredPrice'
  | 'priceBandLow'
  | 'priceBandHigh'
  | 'priceBandBasis'
  | 'priceBandSampleSize'
  | 'stops'
  | 'routeDistanceMeters'
  | 'createdAt'
  | 'updatedAt'
>;

/** The ride as clients see it (contracts' Ride), from its row and its governorate's name. */
export function toRideDto(r: RideDtoColumns, governorateName: string): Ride {
  return {
    id: r.id,
    status: r.status,
    customerId: r.customerId,
    driverId: r.driverId,
    pickup: { lat: r.pickupLat, lng: r.pickupLng, address: r.pickupAddress },
    dropoff: { lat: r.dropoffLat, lng: r.dropoffLng, address: r.dropoffAddress },
    vehicleType: r.vehicleType,
    cargo: { description: r.cargoDescription, weightKg: r.cargoWeightKg },
    loadAssistance: r.loadAssistance,
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    dispatchStartsAt: r.dispatchStartsAt?.toISOString() ?? null,
    governorate: { code: r.governorateCode, name: governorateName },
    distanceMeters: r.distanceMeters,
    priceEstimate: r.priceEstimate,
    acceptedBidId: r.acceptedBidId,
    price: r.price,
    // Kept on the ride row by the payments module (docs/MONEY.md, Held payments).
    payment: { status: r.paymentStatus as RidePaymentStatus, method: r.paymentMethod },
    offeredPrice: r.offeredPrice,
    priceBand: toPriceBand(r),
    stops: r.stops.map((stop) => ({ ...stop })),
    // Rows from before the column (the migration backfills them; test rows written by hand may lack it).
    routeDistanceMeters: r.routeDistanceMeters ?? r.distanceMeters,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The fair price band stored at posting, or null on rides posted before bands were kept. */
export function toPriceBand(
  r: Pick<RideRow, 'priceBandLow' | 'priceBandHigh' | 'priceBandBasis' | 'priceBandSampleSize'>,
): PriceBand | null {
  if (r.priceBandLow === null || r.priceBandHigh === null) return null;
  return {
    low: r.priceBandLow,
    high: r.priceBandHigh,
    basis: r.priceBandBasis === 'history' ? 'history' : 'tariff',
    sampleSize: r.priceBandSampleSize ?? 0,
  };
}
