import { randomUUID } from 'node:crypto';
import { type Ride, rideSchema, type UserProfile, userProfileSchema } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { locationResponseSchema } from '../modules/drivers/drivers.schemas';
import { compileSerializer } from './compiled-serializer';

const at = '2026-12-01T10:00:00.123Z';

const waitingRide: Ride = {
  id: randomUUID(),
  status: 'PENDING_BIDS',
  customerId: randomUUID(),
  driverId: null,
  pickup: { lat: 36.8065, lng: 10.1815, address: 'Avenue Habib Bourguiba, Tunis' },
  dropoff: { lat: 35.8256, lng: 10.6369, address: 'Port El Kantaoui, "Sousse" \\ quai 3' },
  vehicleType: 'PICKUP',
  cargo: { description: 'Réfrigérateur — 2 portes\nfragile', weightKg: 120 },
  loadAssistance: false,
  scheduledAt: null,
  dispatchStartsAt: null,
  governorate: { code: 'TUN', name: 'Tunis' },
  distanceMeters: 141_200,
  priceEstimate: 185_500,
  acceptedBidId: null,
  price: null,
  createdAt: at,
  updatedAt: at,
};

const acceptedRide: Ride = {
  ...waitingRide,
  status: 'BID_ACCEPTED',
  driverId: randomUUID(),
  acceptedBidId: randomUUID(),
  price: 170_000,
  loadAssistance: true,
  scheduledAt: '2026-12-03T08:30:00.000Z',
  dispatchStartsAt: '2026-12-03T07:30:00.000Z',
  governorate: { code: 'ARI', name: 'أريانة' },
};

const profiles: UserProfile[] = [
  {
    id: randomUUID(),
    role: 'customer',
    phone: '+21620000001',
    name: 'Amel',
    email: null,
    customerType: 'B2C',
    company: null,
    createdAt: at,
  },
  {
    id: randomUUID(),
    role: 'customer',
    phone: '+21620000002',
    name: 'Société Sahel',
    email: 'contact@sahel.tn',
    customerType: 'B2B',
    company: { name: 'Sahel SARL', taxId: '1234567A/M/000', address: 'Zone industrielle, Sfax' },
    createdAt: at,
  },
  {
    id: randomUUID(),
    role: 'customer',
    phone: '+21620000003',
    name: 'Sans matricule',
    email: null,
    customerType: 'B2B',
    company: { name: 'Petite entreprise' },
    createdAt: at,
  },
  {
    id: randomUUID(),
    role: 'driver',
    phone: '+21650000001',
    name: 'Karim',
    vehicle: { type: 'BOX_TRUCK', plate: '123 TU 4567', capacityKg: 3500 },
    verificationStatus: 'VERIFIED',
    rating: 4.67,
    ratingCount: 3,
    isOnline: true,
    isDeactivated: false,
    createdAt: at,
  },
  {
    id: randomUUID(),
    role: 'driver',
    phone: '+21650000002',
    name: 'Nouveau',
    vehicle: { type: 'PICKUP', plate: '9 TU 1', capacityKg: 800 },
    verificationStatus: 'PENDING_VERIFICATION',
    rating: null,
    ratingCount: 0,
    isOnline: false,
    isDeactivated: true,
    createdAt: at,
  },
  { id: randomUUID(), role: 'admin', phone: '+21670000001', name: 'Ops', createdAt: at },
];

/** What the zod serializer sends today: the payload as the schema parses it, stringified. */
const viaZod = (schema: ZodType, payload: unknown) => JSON.stringify(schema.parse(payload));

function expectSameAsZod(schema: ZodType, payloads: unknown[]) {
  const serialize = compileSerializer(schema);
  expect(serialize).toBeDefined();
  for (const payload of payloads) {
    const compiled = serialize?.(payload) ?? '';
    // The schema check that no longer runs per response: every payload here is one the route may send.
    expect(() => schema.parse(payload)).not.toThrow();
    // The same JSON document; only the order of optional keys may differ (fast-json-stringify writes them last).
    expect(JSON.parse(compiled)).toStrictEqual(JSON.parse(viaZod(schema, payload)));
    expect(schema.parse(JSON.parse(compiled))).toStrictEqual(schema.parse(payload));
  }
}

describe('serializers compiled from the zod response schemas', () => {
  it('write a ride exactly as the zod serializer does, waiting, accepted or booked ahead', () => {
    expectSameAsZod(rideSchema, [waitingRide, acceptedRide]);
  });

  it('drop what the schema does not declare, as zod does', () => {
    const withInternals = { ...waitingRide, commissionRateBps: 1200, idempotencyKey: 'k', requestHash: 'h' };
    expectSameAsZod(rideSchema, [withInternals]);
    expect(compileSerializer(rideSchema)?.(withInternals)).not.toContain('idempotencyKey');
  });

  it('write every kind of account profile of GET /api/me as zod does', () => {
    expectSameAsZod(userProfileSchema, profiles);
  });

  it('write the location answer with and without a ride as zod does', () => {
    expectSameAsZod(locationResponseSchema, [
      { at, activeRideId: null },
      { at, activeRideId: randomUUID() },
    ]);
  });
});
