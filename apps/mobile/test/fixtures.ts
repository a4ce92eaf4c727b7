import type { AuthResponse, CustomerProfile, DriverProfile, Ride } from '@truck4u/contracts';

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
