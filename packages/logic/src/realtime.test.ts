import type { Ride, RideEvent, RideStatus } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import { createRealtime, type RealtimeSocket } from './realtime';
import type { RideStatusChange } from './ride-event-cursor';

/** A stand-in for the socket.io client: the test plays the server. */
function fakeSocket() {
  const handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  const sent: Array<{ event: string; payload: unknown }> = [];
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
    emit(event: string, payload: unknown) {
      sent.push({ event, payload });
      return socket;
    },
    connect() {
      socket.connected = true;
      server('connect');
      return socket;
    },
    disconnect() {
      socket.connected = false;
      server('disconnect', 'io client disconnect');
      return socket;
    },
  };
  function server(event: string, ...args: unknown[]) {
    for (const fn of handlers.get(event) ?? []) fn(...args);
  }
  return {
    socket: socket as unknown as RealtimeSocket,
    server,
    sent,
    drop: () => {
      socket.connected = false;
      server('disconnect', 'transport close');
    },
  };
}

const ride = (status: RideStatus) =>
  ({ id: 'ride-1', status, updatedAt: '2026-01-01T10:00:00.000Z' }) as Ride;
const event = (id: number, from: RideStatus, to: RideStatus): RideEvent => ({
  id,
  rideId: 'ride-1',
  type: 'STATUS_CHANGED',
  fromStatus: from,
  toStatus: to,
  actorRole: 'driver',
  createdAt: `2026-01-01T10:00:0${id}.000Z`,
});

describe('createRealtime', () => {
  it('catches up the status changes missed while disconnected, once each and in order', async () => {
    const fake = fakeSocket();
    const history = [
      event(1, 'PENDING_BIDS', 'BID_ACCEPTED'),
      event(2, 'BID_ACCEPTED', 'DRIVER_ARRIVING'),
      event(3, 'DRIVER_ARRIVING', 'PICKUP_ARRIVED'),
      event(4, 'PICKUP_ARRIVED', 'LOADING'),
    ];
    const asked: number[] = [];
    const realtime = createRealtime({
      getAccessToken: () => 'token',
      fetchEventsAfter: async (_rideId, after) => {
        asked.push(after);
        return { items: history.filter((e) => e.id > after) };
      },
      createSocket: () => fake.socket,
    });
    const seen: RideStatusChange[] = [];
    realtime.onStatusChange((c) => seen.push(c));
    realtime.connect();
    realtime.followRide('ride-1', 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.map((c) => c.to)).toEqual(['DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING']);

    // Live event 5, then the connection drops while 6 and 7 happen, then it comes back.
    fake.server('ride:status', {
      rideId: 'ride-1',
      eventId: 5,
      from: 'LOADING',
      to: 'IN_TRANSIT',
      ride: ride('IN_TRANSIT'),
    });
    fake.drop();
    history.push(
      event(5, 'LOADING', 'IN_TRANSIT'),
      event(6, 'IN_TRANSIT', 'DROPOFF_ARRIVED'),
      event(7, 'DROPOFF_ARRIVED', 'COMPLETED'),
    );
    fake.socket.connect();
    await new Promise((r) => setTimeout(r, 0));
    // A late duplicate of a caught-up event is ignored.
    fake.server('ride:status', {
      rideId: 'ride-1',
      eventId: 6,
      from: 'IN_TRANSIT',
      to: 'DROPOFF_ARRIVED',
      ride: ride('DROPOFF_ARRIVED'),
    });

    expect(seen.map((c) => c.to)).toEqual([
      'DRIVER_ARRIVING',
      'PICKUP_ARRIVED',
      'LOADING',
      'IN_TRANSIT',
      'DROPOFF_ARRIVED',
      'COMPLETED',
    ]);
    expect(asked).toEqual([1, 5]);
    // The room is joined again after the reconnect.
    expect(fake.sent.filter((s) => s.event === 'ride:join')).toHaveLength(2);
  });

  it('presents the current access token at every handshake', () => {
    let token = 'first';
    let auth: ((cb: (data: object) => void) => void) | undefined;
    createRealtime({
      getAccessToken: () => token,
      fetchEventsAfter: async () => ({ items: [] }),
      createSocket: (_url, a) => {
        auth = a;
        return fakeSocket().socket;
      },
    });
    const read = () => {
      let data: object = {};
      auth?.((d) => {
        data = d;
      });
      return data;
    };
    expect(read()).toEqual({ token: 'first' });
    token = 'second';
    expect(read()).toEqual({ token: 'second' });
  });

  it('renews the token and connects again when the handshake is refused as expired', async () => {
    const fake = fakeSocket();
    let connects = 0;
    const original = fake.socket.connect.bind(fake.socket);
    (fake.socket as unknown as { connect: () => void }).connect = () => {
      connects += 1;
      original();
    };
    const realtime = createRealtime({
      getAccessToken: () => 'old',
      refreshAccessToken: async () => 'new',
      fetchEventsAfter: async () => ({ items: [] }),
      createSocket: () => fake.socket,
    });
    void realtime;
    fake.server('connect_error', Object.assign(new Error('expired'), { data: { code: 'TOKEN_EXPIRED' } }));
    await new Promise((r) => setTimeout(r, 0));
    expect(connects).toBe(1);
  });
});
