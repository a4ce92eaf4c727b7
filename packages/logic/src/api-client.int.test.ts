import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatchWorker } from '../../../apps/api/test/dispatch-worker';
import { eventually, listen } from '../../../apps/api/test/realtime-client';
import { TUNIS } from '../../../apps/api/test/ride-fixtures';
import {
  createTestEnvironment,
  type TestEnvironment,
  uniquePhone,
} from '../../../apps/api/test/test-environment';
import { createApiClient } from './api-client';
import { ApiError } from './api-error';
import { createRealtime } from './realtime';
import type { RideStatusChange } from './ride-event-cursor';

// The shared client against the real api over real HTTP and sockets (its own database and Redis prefix).
let env: TestEnvironment;
let baseUrl: string;
let worker: { close(): Promise<void> };

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
  worker = await startDispatchWorker(env);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

/** A signed-in client as an app holds it: tokens in memory, refresh through POST /api/auth/refresh. */
function signedInClient(url = baseUrl) {
  const session = { accessToken: null as string | null, refreshToken: null as string | null, refreshes: 0 };
  const client = createApiClient({
    baseUrl: url,
    getAccessToken: () => session.accessToken,
    refreshAccessToken: async () => {
      if (!session.refreshToken) return null;
      session.refreshes += 1;
      const pair = await client.auth.refresh(session.refreshToken);
      session.accessToken = pair.accessToken;
      session.refreshToken = pair.refreshToken;
      return pair.accessToken;
    },
  });
  return { client, session };
}

const pickup = { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' };
const dropoff = { lat: 36.8782, lng: 10.3247, address: 'La Marsa' };

describe('api client against the real api', () => {
  it('registers, signs in and reads the profile; a wrong password is a typed INVALID_CREDENTIALS', async () => {
    const { client, session } = signedInClient();
    const phone = uniquePhone();
    const registered = await client.auth.register({
      role: 'customer',
      phone,
      password: 'customer-pass-1',
      name: 'Client Test',
    });
    expect(registered.user.role).toBe('customer');
    const login = await client.auth.login({ role: 'customer', phone, password: 'customer-pass-1' });
    session.accessToken = login.accessToken;
    expect((await client.me()).phone).toBe(phone);

    const wrong = await client.auth
      .login({ role: 'customer', phone, password: 'not-the-password' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiError);
    expect((wrong as ApiError).code).toBe('INVALID_CREDENTIALS');
    expect((wrong as ApiError).status).toBe(401);
  });

  it('posts a ride once per Idempotency-Key, lists it by status, and reports validation as VALIDATION_FAILED', async () => {
    const { client, session } = signedInClient();
    const auth = await client.auth.register({
      role: 'customer',
      phone: uniquePhone(),
      password: 'customer-pass-1',
      name: 'Client Test',
    });
    session.accessToken = auth.accessToken;
    const estimate = await client.pricing.estimate({ pickup, dropoff, vehicleType: 'SMALL_VAN' });
    expect(estimate.amount).toBeGreaterThan(0);

    const body = {
      pickup,
      dropoff,
      vehicleType: 'SMALL_VAN' as const,
      cargo: { description: 'Cartons', weightKg: 200 },
      loadAssistance: false,
    };
    const first = await client.rides.create(body, 'post-ride-press-0001');
    const replay = await client.rides.create(body, 'post-ride-press-0001');
    expect(replay.id).toBe(first.id);
    expect(first.priceEstimate).toBe(estimate.amount);

    const pending = await client.rides.list({ status: ['PENDING_BIDS', 'NO_DRIVERS_AVAILABLE'] });
    expect(pending.items.map((r) => r.id)).toEqual([first.id]);
    expect((await client.rides.list({ status: ['COMPLETED'] })).items).toEqual([]);

    await expect(
      client.rides.create({ ...body, cargo: { description: 'x', weightKg: -1 } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  it('refreshes an expired access token once for parallel calls and goes on with the new one', async () => {
    // A second api instance whose access tokens live 10 s (the minimum the config allows).
    const shortLived = await env.startInstance({ ACCESS_TOKEN_TTL_SECONDS: '10' });
    const url = await listen(shortLived.app);
    const { client, session } = signedInClient(url);
    const auth = await client.auth.register({
      role: 'customer',
      phone: uniquePhone(),
      password: 'customer-pass-1',
      name: 'Client Test',
    });
    session.accessToken = auth.accessToken;
    session.refreshToken = auth.refreshToken;
    await new Promise((r) => setTimeout(r, 11_000));

    const [me, wallet, rides] = await Promise.all([client.me(), client.wallet.get(), client.rides.list()]);
    expect(me.id).toBe(auth.user.id);
    expect(wallet.currency).toBe('TND');
    expect(rides.items).toEqual([]);
    // One refresh: a second one with the same (single-use) refresh token would have revoked the session.
    expect(session.refreshes).toBe(1);
    expect(session.accessToken).not.toBe(auth.accessToken);
    expect((await client.me()).id).toBe(auth.user.id);
  }, 30_000);

  it('follows a ride live: the driver gets the request, the customer the bid and every status change', async () => {
    const customer = signedInClient();
    const driver = signedInClient();
    const c = await customer.client.auth.register({
      role: 'customer',
      phone: uniquePhone(),
      password: 'customer-pass-1',
      name: 'Client Live',
    });
    customer.session.accessToken = c.accessToken;
    const d = await driver.client.auth.register({
      role: 'driver',
      phone: uniquePhone(),
      password: 'driver-pass-1',
      name: 'Chauffeur Live',
      vehicle: { type: 'SMALL_VAN', plate: '200 TU 1234', capacityKg: 1500 },
    });
    await env.database.db
      .update(drivers)
      .set({ verificationStatus: 'VERIFIED' })
      .where(eq(drivers.id, d.user.id));
    driver.session.accessToken = d.accessToken;

    const realtimeOf = (s: ReturnType<typeof signedInClient>) =>
      createRealtime({
        url: baseUrl,
        getAccessToken: () => s.session.accessToken,
        fetchEventsAfter: (rideId, after) => s.client.rides.events(rideId, after),
        createSocket: (url, auth) =>
          io(url, { auth, transports: ['websocket'], autoConnect: false, forceNew: true }),
      });
    const customerLive = realtimeOf(customer);
    const driverLive = realtimeOf(driver);
    try {
      const requests: string[] = [];
      driverLive.on('ride:request', ({ ride }) => requests.push(ride.id));
      const bids: string[] = [];
      customerLive.on('bid:new', ({ bid }) => bids.push(bid.id));
      const changes: RideStatusChange[] = [];
      customerLive.onStatusChange((change) => changes.push(change));
      customerLive.connect();
      driverLive.connect();
      await eventually(() => expect(customerLive.connected && driverLive.connected).toBe(true));

      await driver.client.drivers.setAvailability(true);
      await driver.client.drivers.sendLocation({ lat: TUNIS.lat + 0.01, lng: TUNIS.lng });
      // A short delivery the driver is already at: arriving at the dropoff needs a position within 500 m of it.
      const ride = await customer.client.rides.create({
        pickup,
        dropoff: { lat: TUNIS.lat + 0.012, lng: TUNIS.lng, address: 'Lafayette, Tunis' },
        vehicleType: 'SMALL_VAN',
        cargo: { description: 'Cartons', weightKg: 200 },
      });
      customerLive.followRide(ride.id);
      await eventually(() => expect(requests).toContain(ride.id), 10_000);

      const bid = await driver.client.bids.place(ride.id, { price: 40_000, etaMinutes: 12 });
      await eventually(() => expect(bids).toContain(bid.id));
      await customer.client.bids.accept(ride.id, bid.id);

      // The customer's socket drops in the middle of the ride; the changes meanwhile are caught up.
      await driver.client.rides.setStatus(ride.id, 'DRIVER_ARRIVING');
      await eventually(() => expect(changes.map((x) => x.to)).toContain('DRIVER_ARRIVING'));
      customerLive.socket.io.engine.close();
      await driver.client.rides.setStatus(ride.id, 'PICKUP_ARRIVED');
      await driver.client.rides.setStatus(ride.id, 'LOADING');
      for (const next of ['IN_TRANSIT', 'DROPOFF_ARRIVED', 'COMPLETED'] as const) {
        await driver.client.rides.setStatus(ride.id, next);
      }
      await eventually(() => expect(changes.at(-1)?.to).toBe('COMPLETED'), 10_000);
      expect(changes.map((x) => x.to)).toEqual([
        'PENDING_BIDS',
        'BID_ACCEPTED',
        'DRIVER_ARRIVING',
        'PICKUP_ARRIVED',
        'LOADING',
        'IN_TRANSIT',
        'DROPOFF_ARRIVED',
        'COMPLETED',
      ]);

      const payment = await customer.client.payments.create(ride.id, 'CASH', 'pay-press-cash-0001');
      const again = await customer.client.payments.create(ride.id, 'CASH', 'pay-press-cash-0001');
      expect(again.id).toBe(payment.id);
      const rating = await customer.client.rides.rate(ride.id, { score: 5 });
      expect(rating.score).toBe(5);
    } finally {
      customerLive.disconnect();
      driverLive.disconnect();
    }
  }, 30_000);
});
