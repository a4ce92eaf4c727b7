import type { Ride } from '@truck4u/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../api-client';
import { ApiError } from '../api-error';
import type { Realtime } from '../realtime';
import { createDriverShiftStore, type WatchPosition } from './driver-shift-store';

/** The parts of the realtime connection the store uses, with a way to play server events. */
function fakeRealtime() {
  const handlers = new Map<string, (payload: never) => void>();
  const sent: unknown[] = [];
  const realtime = {
    on: (event: string, handler: (payload: never) => void) => {
      handlers.set(event, handler);
      return () => handlers.delete(event);
    },
    sendLocation: (p: unknown) => sent.push(p),
  } as unknown as Realtime;
  const emit = (event: string, payload: unknown) => handlers.get(event)?.(payload as never);
  return { realtime, emit, sent };
}

const here: WatchPosition = (onPosition) => {
  setTimeout(() => onPosition({ lat: 36.8, lng: 10.18 }), 0);
  return () => undefined;
};
const ride = (id: string) => ({ id, status: 'PENDING_BIDS', priceEstimate: 30_000 }) as Ride;

function fakeApi(overrides: { setAvailability?: () => Promise<{ online: boolean }> } = {}) {
  const calls: string[] = [];
  const api = {
    drivers: {
      availableRides: async () => ({ items: [] }),
      setAvailability: vi.fn(async (online: boolean) => {
        calls.push(`availability:${online}`);
        return overrides.setAvailability ? overrides.setAvailability() : { online };
      }),
      sendLocation: vi.fn(async () => {
        calls.push('location');
        return { at: '', activeRideId: null };
      }),
    },
    bids: {
      place: vi.fn(async (rideId: string, body: { price: number }) => ({
        id: 'bid-1',
        rideId,
        price: body.price,
        status: 'PENDING',
      })),
    },
  } as unknown as ApiClient;
  return { api, calls };
}

describe('driver shift store', () => {
  it('goes online with a position, then lists requests as they arrive and drops them when they are gone', async () => {
    const { api, calls } = fakeApi();
    const live = fakeRealtime();
    const store = createDriverShiftStore({ api, realtime: live.realtime, watchPosition: here });
    await store.getState().load();
    await store.getState().goOnline();
    expect(store.getState().online).toBe(true);
    // Online first (positions of offline drivers are not indexed), then the first position.
    expect(calls).toEqual(['availability:true', 'location']);
    expect(live.sent).toHaveLength(1);

    live.emit('ride:request', { ride: ride('r1'), distanceMeters: 800, bidDeadline: '2026-01-01T10:03:00Z' });
    live.emit('ride:request', {
      ride: ride('r2'),
      distanceMeters: 2_000,
      bidDeadline: '2026-01-01T10:03:00Z',
    });
    expect(store.getState().requests.map((r) => r.ride.id)).toEqual(['r2', 'r1']);

    await store.getState().placeBid('r1', 90_000, 12);
    expect(store.getState().requests.find((r) => r.ride.id === 'r1')?.myBid?.price).toBe(90_000);

    live.emit('bid:rejected', { bid: { rideId: 'r1' }, reason: 'OTHER_BID_ACCEPTED' });
    live.emit('ride:status', { rideId: 'r2', to: 'CANCELLED' });
    expect(store.getState().requests).toEqual([]);

    live.emit('bid:accepted', { ride: { ...ride('r3'), driverId: 'me' }, bid: {} });
    expect(store.getState().activeRideId).toBe('r3');
  });

  it('keeps the reason when going online is refused', async () => {
    const { api } = fakeApi({
      setAvailability: async () => {
        throw new ApiError('BALANCE_BELOW_MINIMUM', 'below', 409);
      },
    });
    const store = createDriverShiftStore({ api, realtime: fakeRealtime().realtime, watchPosition: here });
    await store.getState().load();
    await store.getState().goOnline();
    expect(store.getState().online).toBe(false);
    expect(store.getState().error).toBe('BALANCE_BELOW_MINIMUM');
  });

  it('does not go online without a position', async () => {
    const { api, calls } = fakeApi();
    const denied: WatchPosition = (_onPosition, onError) => {
      setTimeout(() => onError('DENIED'), 0);
      return () => undefined;
    };
    const store = createDriverShiftStore({ api, realtime: fakeRealtime().realtime, watchPosition: denied });
    await store.getState().load();
    await store.getState().goOnline();
    expect(store.getState().online).toBe(false);
    expect(store.getState().error).toBe('GEO_DENIED');
    expect(calls).toEqual([]);
  });
});
