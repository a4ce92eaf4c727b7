import { describe, expect, it } from 'vitest';
import { canViewRide, type RideAccessFacts } from './ride-visibility';

const ride = (facts: Partial<RideAccessFacts> = {}): RideAccessFacts => ({
  customerId: 'c1',
  driverId: null,
  status: 'PENDING_BIDS',
  isOfferedToViewer: false,
  ...facts,
});

describe('canViewRide', () => {
  it('shows a ride to its customer and to admins, never to another customer', () => {
    expect(canViewRide({ role: 'customer', id: 'c1' }, ride({ status: 'COMPLETED' }))).toBe(true);
    expect(canViewRide({ role: 'admin', id: 'a1' }, ride())).toBe(true);
    expect(canViewRide({ role: 'customer', id: 'c2' }, ride())).toBe(false);
  });

  it('shows a ride to its assigned driver whatever its status', () => {
    expect(canViewRide({ role: 'driver', id: 'd1' }, ride({ driverId: 'd1', status: 'COMPLETED' }))).toBe(
      true,
    );
  });

  it('shows an offered driver the ride only while it takes bids', () => {
    const offered = { isOfferedToViewer: true };
    expect(canViewRide({ role: 'driver', id: 'd2' }, ride(offered))).toBe(true);
    for (const status of ['NO_DRIVERS_AVAILABLE', 'BID_ACCEPTED', 'CANCELLED'] as const) {
      expect(
        canViewRide({ role: 'driver', id: 'd2' }, ride({ ...offered, status, driverId: 'd1' })),
        status,
      ).toBe(false);
    }
    expect(canViewRide({ role: 'driver', id: 'd3' }, ride())).toBe(false);
  });
});
