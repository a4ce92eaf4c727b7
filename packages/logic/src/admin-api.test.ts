import { ADMIN_ROLES, GOVERNORATES, type Ride, type RideStatus } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROLE_LIST, type AdminApi, adminMay, GOVERNORATE_LIST } from './admin-api';
import { createRealtime, type RealtimeSocket } from './realtime';
import { createAdminLiveStore } from './stores/admin-live-store';

/** The socket.io client stand-in: the test plays the server. */
function fakeSocket() {
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  const sent: string[] = [];
  const socket = {
    connected: false,
    on(event: string, fn: (...args: unknown[]) => void) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)?.add(fn);
      return socket;
    },
    off(event: string, fn: (...args: unknown[]) => void) {
      handlers.get(event)?.delete(fn);
      return socket;
    },
    emit(event: string, _payload: unknown, ack?: (result: { ok: boolean }) => void) {
      sent.push(event);
      ack?.({ ok: true });
      return socket;
    },
    connect() {
      socket.connected = true;
      server('connect');
      return socket;
    },
    disconnect() {
      socket.connected = false;
      return socket;
    },
  };
  function server(event: string, ...args: unknown[]) {
    for (const fn of handlers.get(event) ?? []) fn(...args);
  }
  return { socket: socket as unknown as RealtimeSocket, server, sent };
}

const ride = (id: string, status: RideStatus) =>
  ({
    id,
    status,
    pickup: { lat: 36.8, lng: 10.1, address: 'Tunis' },
    createdAt: '2026-01-01T10:00:00Z',
  }) as Ride;

describe('admin console lists', () => {
  it('names every governorate and admin role of the contract, in its order', () => {
    expect(GOVERNORATE_LIST.map((g) => [g.code, g.name])).toEqual(GOVERNORATES.map((g) => [g.code, g.name]));
    expect([...ADMIN_ROLE_LIST]).toEqual([...ADMIN_ROLES]);
  });

  it('hides what the admin’s permissions do not include', () => {
    const support = { permissions: ['rides.read', 'customers.read'] as const };
    expect(adminMay({ permissions: [...support.permissions] }, 'rides.read')).toBe(true);
    expect(adminMay({ permissions: [...support.permissions] }, 'payments.refund')).toBe(false);
    expect(adminMay(null, 'rides.read')).toBe(false);
  });
});

describe('the live map store', () => {
  it('joins admin:live on every connect, moves drivers and drops rides that ended', async () => {
    const fake = fakeSocket();
    let snapshots = 0;
    const admin = {
      live: async () => {
        snapshots += 1;
        return {
          at: '2026-01-01T10:00:00Z',
          rides: [ride('r1', 'IN_TRANSIT')],
          drivers: [
            {
              driverId: 'd1',
              lat: 36.8,
              lng: 10.1,
              state: 'ON_RIDE' as const,
              at: '2026-01-01T10:00:00Z',
              name: 'Karim',
              phone: '+21622000001',
              vehicleType: 'SMALL_VAN' as const,
              plate: '201 TU 1001',
              rideId: 'r1',
            },
          ],
        };
      },
    } as unknown as AdminApi;
    const realtime = createRealtime({
      getAccessToken: () => 'token',
      fetchEventsAfter: async () => ({ items: [] }),
      createSocket: () => fake.socket,
    });
    const store = createAdminLiveStore({ admin, realtime });
    realtime.connect();
    await vi_waitFor(() => store.getState().loaded);
    expect(fake.sent).toContain('admin:join-live');
    expect(store.getState().joined).toBe(true);

    fake.server('fleet:driver', {
      driverId: 'd1',
      lat: 36.9,
      lng: 10.2,
      state: 'ON_RIDE',
      at: '2026-01-01T10:00:05Z',
    });
    expect(store.getState().drivers.d1).toMatchObject({ lat: 36.9, lng: 10.2, name: 'Karim' });

    fake.server('ride:status', {
      rideId: 'r1',
      eventId: 9,
      from: 'IN_TRANSIT',
      to: 'CANCELLED',
      ride: ride('r1', 'CANCELLED'),
    });
    expect(store.getState().rides.r1).toBeUndefined();
    expect(store.getState().drivers.d1?.rideId).toBeNull();

    // A ride the driver takes after the page loaded links them in the side list.
    fake.server('ride:status', {
      rideId: 'r2',
      eventId: 10,
      from: 'PENDING_BIDS',
      to: 'BID_ACCEPTED',
      ride: { ...ride('r2', 'BID_ACCEPTED'), driverId: 'd1' },
    });
    expect(store.getState().drivers.d1?.rideId).toBe('r2');

    fake.server('fleet:driver', {
      driverId: 'd1',
      lat: 36.9,
      lng: 10.2,
      state: 'OFFLINE',
      at: '2026-01-01T10:00:09Z',
    });
    expect(store.getState().drivers.d1).toBeUndefined();

    // A reconnect joins the room again and reloads the snapshot.
    fake.server('connect');
    await vi_waitFor(() => snapshots === 2);
    expect(fake.sent.filter((e) => e === 'admin:join-live')).toHaveLength(2);
    store.getState().dispose();
  });
});

async function vi_waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}
