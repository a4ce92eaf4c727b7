import type { RideStatus } from '@truck4u/contracts';
import { createApiClient, createOfflineQueue, OFFLINE_QUEUE_KEY, type QueuedChange } from '@truck4u/logic';
import { memoryStorage } from '../src/services/key-value-storage';
import { type Call, createFakeApi } from './fake-api';
import { ride } from './fixtures';

const RIDE_ID = ride.id;

/**
 * The api over HTTP as the phone meets it: while `online` is false every request fails as a lost connection
 * does; the ride answers its status as the api would, applying each clientEventId once.
 */
function phoneAndApi() {
  let online = true;
  let status: RideStatus = 'BID_ACCEPTED';
  const applied = new Map<string, RideStatus>();
  const fake = createFakeApi({
    'PATCH /api/rides/[^/]+/status': (call: Call) => {
      const body = call.body as { status: RideStatus; clientEventId?: string };
      if (body.clientEventId && applied.has(body.clientEventId)) return { body: { ...ride, status } };
      const order: RideStatus[] = [
        'BID_ACCEPTED',
        'DRIVER_ARRIVING',
        'PICKUP_ARRIVED',
        'LOADING',
        'IN_TRANSIT',
      ];
      if (order.indexOf(body.status) !== order.indexOf(status) + 1) {
        return { status: 409, body: { error: { code: 'INVALID_TRANSITION', message: 'no' } } };
      }
      status = body.status;
      if (body.clientEventId) applied.set(body.clientEventId, body.status);
      return { body: { ...ride, status } };
    },
    'POST /api/drivers/me/location': () => ({ body: { at: new Date().toISOString(), activeRideId: null } }),
  });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (!online) throw new TypeError('Network request failed');
    return fake.fetch(input, init);
  };
  const api = createApiClient({
    baseUrl: 'http://api.test',
    getAccessToken: () => 'access-driver',
    refreshAccessToken: async () => null,
    fetch,
  });
  const queueApi = {
    setStatus: (rideId: string, next: RideStatus, id: string) => api.rides.setStatus(rideId, next, id),
    sendLocation: (report: Parameters<typeof api.drivers.sendLocation>[0]) =>
      api.drivers.sendLocation(report),
  };
  return {
    calls: fake.calls,
    queueApi,
    setOnline: (value: boolean) => {
      online = value;
    },
    statusNow: () => status,
  };
}

let clock = Date.parse('2026-03-01T08:00:00.000Z');
const now = () => clock;

describe('the offline queue of the driver’s status changes and positions', () => {
  it('sends a change at once while online and answers the ride, with a clientEventId', async () => {
    const phone = phoneAndApi();
    const queue = createOfflineQueue({ api: phone.queueApi, storage: memoryStorage(), now });
    const outcome = await queue.submitStatus(RIDE_ID, 'DRIVER_ARRIVING');
    expect(outcome).toMatchObject({ state: 'applied', ride: { status: 'DRIVER_ARRIVING' } });
    const body = phone.calls[0]?.body as { status: string; clientEventId: string };
    expect(body.status).toBe('DRIVER_ARRIVING');
    expect(body.clientEventId).toMatch(/^[A-Za-z0-9._:-]{8,100}$/);
    expect(await queue.pending()).toEqual([]);
  });

  it('keeps changes made offline and replays them in the order they were made when the connection is back', async () => {
    const phone = phoneAndApi();
    const queue = createOfflineQueue({ api: phone.queueApi, storage: memoryStorage(), now });
    phone.setOnline(false);
    expect(await queue.submitStatus(RIDE_ID, 'DRIVER_ARRIVING')).toEqual({ state: 'queued' });
    clock += 60_000;
    await queue.submitPosition({ lat: 36.8, lng: 10.18 });
    clock += 60_000;
    expect(await queue.submitStatus(RIDE_ID, 'PICKUP_ARRIVED')).toEqual({ state: 'queued' });
    expect((await queue.pending()).map((c) => c.kind)).toEqual(['status', 'position', 'status']);

    phone.setOnline(true);
    phone.calls.length = 0;
    await queue.flush();
    expect(phone.calls.map((c) => [c.method, (c.body as { status?: string }).status ?? 'position'])).toEqual([
      ['PATCH', 'DRIVER_ARRIVING'],
      ['POST', 'position'],
      ['PATCH', 'PICKUP_ARRIVED'],
    ]);
    // The position carries when it was taken, so the api never moves the driver back to it.
    expect((phone.calls[1]?.body as { recordedAt?: string } | undefined)?.recordedAt).toBe(
      '2026-03-01T08:01:00.000Z',
    );
    expect(phone.statusNow()).toBe('PICKUP_ARRIVED');
    expect(await queue.pending()).toEqual([]);
  });

  it('sends the same clientEventId again when a change is replayed, so the api applies it once', async () => {
    const phone = phoneAndApi();
    const storage = memoryStorage();
    let answered = 0;
    // The request reaches the api but the answer is lost: the phone cannot tell, and keeps the change.
    const lossy = {
      ...phone.queueApi,
      setStatus: async (rideId: string, next: RideStatus, id: string) => {
        const result = await phone.queueApi.setStatus(rideId, next, id);
        answered += 1;
        if (answered === 1) throw new TypeError('Network request failed');
        return result;
      },
    };
    const queue = createOfflineQueue({ api: lossy, storage, now });
    expect(await queue.submitStatus(RIDE_ID, 'DRIVER_ARRIVING')).toEqual({ state: 'queued' });
    await queue.flush();
    const ids = phone.calls.map((c) => (c.body as { clientEventId: string }).clientEventId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(phone.statusNow()).toBe('DRIVER_ARRIVING');
    expect(await queue.pending()).toEqual([]);
  });

  it('survives the app being killed: a new queue on the same storage replays what the old one kept', async () => {
    const phone = phoneAndApi();
    const storage = memoryStorage();
    phone.setOnline(false);
    const before = createOfflineQueue({ api: phone.queueApi, storage, now });
    await before.submitStatus(RIDE_ID, 'DRIVER_ARRIVING');
    await before.submitPosition({ lat: 36.81, lng: 10.19 });
    const stored = JSON.parse((await storage.get(OFFLINE_QUEUE_KEY)) ?? '[]') as QueuedChange[];
    expect(stored.map((c) => c.kind)).toEqual(['status', 'position']);

    phone.setOnline(true);
    const after = createOfflineQueue({ api: phone.queueApi, storage, now });
    // A change made before the stored ones are read still goes after them.
    const late = await after.submitStatus(RIDE_ID, 'PICKUP_ARRIVED');
    expect(late).toMatchObject({ state: 'applied', ride: { status: 'PICKUP_ARRIVED' } });
    expect(phone.calls.map((c) => (c.body as { status?: string }).status ?? 'position')).toEqual([
      'DRIVER_ARRIVING',
      'position',
      'PICKUP_ARRIVED',
    ]);
    expect(JSON.parse((await storage.get(OFFLINE_QUEUE_KEY)) ?? 'null')).toEqual([]);
  });

  it('drops a change the api refuses for good, says so, and goes on with the next', async () => {
    const phone = phoneAndApi();
    const dropped: QueuedChange[] = [];
    const queue = createOfflineQueue({
      api: phone.queueApi,
      storage: memoryStorage(),
      now,
      onDropped: (change) => dropped.push(change),
    });
    phone.setOnline(false);
    await queue.submitStatus(RIDE_ID, 'LOADING');
    await queue.submitPosition({ lat: 36.8, lng: 10.2 });
    phone.setOnline(true);
    await queue.flush();
    expect(dropped.map((c) => c.kind)).toEqual(['status']);
    expect(await queue.pending()).toEqual([]);
    // Online, a refusal reaches the screen as the api call's error would.
    await expect(queue.submitStatus(RIDE_ID, 'IN_TRANSIT')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('keeps only the newest positions while offline, and every status change', async () => {
    const phone = phoneAndApi();
    const queue = createOfflineQueue({ api: phone.queueApi, storage: memoryStorage(), now, maxPositions: 3 });
    phone.setOnline(false);
    for (let i = 0; i < 6; i++) {
      if (i === 2) await queue.submitStatus(RIDE_ID, 'DRIVER_ARRIVING');
      clock += 1_000;
      await queue.submitPosition({ lat: [36.8, 36.81, 36.82, 36.83, 36.84, 36.85][i] as number, lng: 10.2 });
    }
    const pending = await queue.pending();
    expect(pending.filter((c) => c.kind === 'status')).toHaveLength(1);
    expect(pending.flatMap((c) => (c.kind === 'position' ? [c.location.lat] : []))).toEqual([
      36.83, 36.84, 36.85,
    ]);
  });
});
