import type { Ride } from '@truck4u/contracts';
import { rideNotifications } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, placeBid, rideRow } from '#test/bid-fixtures';
import { useDispatchStack } from '#test/dispatch-stack';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, nextEvent, recordEvents } from '#test/realtime-client';
import { northOf } from '#test/ride-fixtures';
import type { TestEnvironment } from '#test/test-environment';

// Bids against a real dispatch worker: accepting ends the widening search.
const stack = useDispatchStack({ DISPATCH_RADII_KM: '5,10', DISPATCH_BID_WINDOW_MS: '1500' });
let env: TestEnvironment;
let baseUrl: string;
const { sockets } = stack;
const MONASTIR = { lat: 35.7643, lng: 10.8113 };
const MAHDIA = { lat: 35.5047, lng: 11.0622 };

beforeAll(() => {
  ({ env, url: baseUrl } = stack);
});

async function onlineDriver(at: { lat: number; lng: number }) {
  const driver = await registerDriver(env, { verified: true, vehicleType: 'BOX_TRUCK' });
  await goOnlineAt(env.app, driver, at);
  const socket = await connectSocket(baseUrl, driver.accessToken);
  sockets.push(socket);
  return { driver, socket, requests: recordEvents(socket, 'ride:request') };
}

describe('bids and dispatch', () => {
  it('stops widening the search once a bid is accepted, though no bid is live any more', async () => {
    const customer: TestAccount = await registerCustomer(env);
    const near = await onlineDriver(northOf(MONASTIR, 1));
    const far = await onlineDriver(northOf(MONASTIR, 8));
    const firstRequest = nextEvent(near.socket, 'ride:request');
    const posted = await call<Ride>(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...MONASTIR, address: 'Port de plaisance, Monastir' },
        dropoff: { ...northOf(MONASTIR, 20), address: 'Sousse, zone industrielle' },
        vehicleType: 'BOX_TRUCK',
        cargo: { description: 'Palettes de céramique', weightKg: 3_000 },
        loadAssistance: false,
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const rideId = posted.body.id;
    expect((await firstRequest).ride.id).toBe(rideId);

    const bid = await placeBid(env, near.driver, rideId, { price: 90_000, etaMinutes: 10 });
    expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);

    // Past the first bid window: had the search gone on, the farther driver would have been asked by now.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(far.requests).toHaveLength(0);
    const notified = await env.database.db
      .select({ driverId: rideNotifications.driverId })
      .from(rideNotifications)
      .where(eq(rideNotifications.rideId, rideId));
    expect(notified).toEqual([{ driverId: near.driver.user.id }]);
    expect(await rideRow(env, rideId)).toMatchObject({
      status: 'BID_ACCEPTED',
      driverId: near.driver.user.id,
    });
  });

  it('goes on searching when every bid expires unaccepted, and gives up after the last circle', async () => {
    // Bids placed through this instance live 2.5 s, past the end of the 1.5 s bid window.
    const shortBids = await env.startInstance({ BID_TTL_MS: '2500' });
    const customer: TestAccount = await registerCustomer(env);
    const near = await onlineDriver(northOf(MAHDIA, 1));
    const far = await onlineDriver(northOf(MAHDIA, 8));
    const firstRequest = nextEvent(near.socket, 'ride:request');
    const posted = await call<Ride>(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...MAHDIA, address: 'Port de pêche, Mahdia' },
        dropoff: { ...northOf(MAHDIA, 20), address: 'Ksour Essef' },
        vehicleType: 'BOX_TRUCK',
        cargo: { description: 'Caisses de poisson', weightKg: 1_200 },
        loadAssistance: false,
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const rideId = posted.body.id;
    await firstRequest;
    const customerSocket = await connectSocket(baseUrl, customer.accessToken);
    sockets.push(customerSocket);
    const noDrivers = nextEvent(customerSocket, 'ride:no-drivers', 15_000);
    const placed = await call(shortBids.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: near.driver.accessToken,
      body: { price: 70_000, etaMinutes: 10 },
    });
    expect(placed.status).toBe(201);

    // The first window ends while the bid is live: nobody else is asked yet.
    await new Promise((r) => setTimeout(r, 1_800));
    expect(far.requests).toHaveLength(0);
    // Once it has expired unaccepted, the search widens to the next circle, then ends.
    const farRequest = await nextEvent(far.socket, 'ride:request', 8_000);
    expect(farRequest.ride.id).toBe(rideId);
    expect(await noDrivers).toMatchObject({ rideId, ride: { status: 'NO_DRIVERS_AVAILABLE' } });
  });
});
