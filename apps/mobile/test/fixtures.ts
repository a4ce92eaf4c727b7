import type {
  AuthResponse,
  CustomerProfile,
  Dispute,
  DriverProfile,
  Ride,
  RideDriver,
  RideMessage,
} from '@truck4u/contracts';
import type { createFakeApi } from './fake-api';

export const customer: CustomerProfile = {
  id: '11111111-1111-4111-8111-111111111111',
  role: 'customer',
  phone: '+21622123456',
  name: 'Leïla Trabelsi',
  email: null,
  customerType: 'B2C',
  company: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const driver: DriverProfile = {
  id: '22222222-2222-4222-8222-222222222222',
  role: 'driver',
  phone: '+21698765432',
  name: 'Sami Ben Ali',
  vehicle: { type: 'SMALL_VAN', plate: '123 TU 4567', capacityKg: 1500 },
  verificationStatus: 'VERIFIED',
  rating: 4.8,
  ratingCount: 31,
  isOnline: false,
  isDeactivated: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export function authFor(user: CustomerProfile | DriverProfile): AuthResponse {
  return {
    user,
    accessToken: `access-${user.role}`,
    refreshToken: `refresh-${user.role}`,
    accessTokenExpiresAt: '2026-01-01T00:15:00.000Z',
    refreshTokenExpiresAt: '2026-02-01T00:00:00.000Z',
  };
}

export const ride: Ride = {
  id: '33333333-3333-4333-8333-333333333333',
  status: 'PENDING_BIDS',
  customerId: customer.id,
  driverId: null,
  pickup: { lat: 36.8385, lng: 10.2085, address: 'Charguia, zone industrielle' },
  dropoff: { lat: 35.8256, lng: 10.6369, address: 'Sousse' },
  vehicleType: 'SMALL_VAN',
  cargo: { description: '20 cartons de carrelage', weightKg: 800 },
  loadAssistance: false,
  scheduledAt: null,
  dispatchStartsAt: null,
  governorate: { code: 'TN-11', name: 'Tunis' },
  distanceMeters: 121_000,
  priceEstimate: 185_000,
  acceptedBidId: null,
  price: null,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
};

/** The assigned driver's card on a ride (ride.driver), phone in full while the ride runs. */
export const rideDriver: RideDriver = {
  id: driver.id,
  firstName: 'Sami',
  phone: '+216 98 765 432',
  vehicle: { type: 'SMALL_VAN', plate: '123 TU 4567' },
  rating: 4.8,
};

/** The ride once the customer accepted Sami's bid. */
export const assignedRide: Ride = {
  ...ride,
  status: 'BID_ACCEPTED',
  driverId: driver.id,
  price: 90_000,
  driver: rideDriver,
};

export function chatMessage(overrides: Partial<RideMessage> & Pick<RideMessage, 'id'>): RideMessage {
  return {
    rideId: ride.id,
    senderRole: 'driver',
    senderId: driver.id,
    text: null,
    quickReply: null,
    createdAt: '2026-01-01T09:05:00.000Z',
    readAt: null,
    ...overrides,
  };
}

/** A dispute on `ride`, open and bare unless `overrides` say otherwise. */
export function disputeOn(
  overrides: Partial<Dispute> & Pick<Dispute, 'id' | 'openedBy' | 'reason'>,
): Dispute {
  return {
    rideId: ride.id,
    status: 'OPEN',
    description: null,
    uploadIds: [],
    resolution: null,
    refundAmount: null,
    resolvedAt: null,
    createdAt: '2026-01-01T11:00:00.000Z',
    ...overrides,
  };
}

/** An ISO time `hours` before now (a ride that ended that long ago). */
export const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** A chat page as GET /api/rides/:id/messages answers it. */
export function chatPage(items: RideMessage[]) {
  return { items, unreadCount: 0, isOpen: true, closesAt: null };
}

/**
 * What the ride screen reads beside the ride itself, as the api answers for a ride just assigned: the
 * signed-in user, no events, no bids, no tracking yet.
 */
export function rideScreenRoutes(user: CustomerProfile | DriverProfile): Parameters<typeof createFakeApi>[0] {
  return {
    'POST /api/auth/refresh': () => ({ body: authFor(user) }),
    'GET /api/me': () => ({ body: user }),
    'GET /api/rides/[^/]+/events': () => ({ body: { items: [] } }),
    'GET /api/rides/[^/]+/bids': () => ({ body: { items: [] } }),
    'GET /api/rides/[^/]+/tracking': () => ({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'x' } },
    }),
  };
}
