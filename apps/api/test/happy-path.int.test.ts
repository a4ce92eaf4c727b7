import type { Ride, RideStatus } from '@truck4u/contracts';
import { rideEvents, rides } from '@truck4u/database';
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDispatchStack } from './dispatch-stack';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from './factories';
import { call } from './http-client';
import { connectSocket, eventually, listen, nextEvent, recordEvents } from './realtime-client';
import { northOf, TUNIS } from './ride-fixtures';
import type { AppInstance, TestEnvironment } from './test-environment';

// The whole marketplace loop over HTTP and real Socket.io clients, on two api instances and a real dispatch
// worker: the customer is connected to one instance, the drivers to the other.
// The truck is last seen near the pickup, 15 km from the dropoff: the dropoff distance check (docs/TRUST.md,
// covered by modules/proofs) is widened so this loop stays about the marketplace.
const stack = useDispatchStack({ DISPATCH_BID_WINDOW_MS: '60000', DROPOFF_MAX_DISTANCE_METERS: '100000' });
let env: TestEnvironment;
let second: AppInstance;
let customerUrl: string;
let driversUrl: string;
const { sockets } = stack;

beforeAll(async () => {
  ({ env, url: customerUrl } = stack);
  second = await env.startInstance();
  driversUrl = await listen(second.app);
});

async function connect(url: string, account: TestAccount) {
  const socket = await connectSocket(url, account.accessToken);
  sockets.push(socket);
  return socket;
}

describe('happy path', () => {
  it('posts a ride, gets two bids, accepts one, follows the truck to delivery and rates both ways', async () => {
    const customer = await registerCustomer(env);
    const winner = await registerDriver(env, { verified: true, vehicleType: 'LARGE_VAN' });
    const loser = await registerDriver(env, { verified: true, vehicleType: 'LARGE_VAN' });
    await goOnlineAt(second.app, winner, northOf(TUNIS, 1));
    await goOnlineAt(second.app, loser, northOf(TUNIS, 2));

    const customerSocket = await connect(customerUrl, customer);
    const winnerSocket = await connect(driversUrl, winner);
    const loserSocket = await connect(driversUrl, loser);
    const rideStatuses = recordEvents(customerSocket, 'ride:status');
    const positions = recordEvents(customerSocket, 'driver:location');
    const newBids = recordEvents(customerSocket, 'bid:new');
    const winnerRequest = nextEvent(winnerSocket, 'ride:request');
    const loserRequest = nextEvent(loserSocket, 'ride:request');

    // 1. The customer posts a ride; dispatch offers it to both nearby drivers.
    const posted = await call<Ride>(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
        dropoff: { lat: 36.8782, lng: 10.3247, address: 'La Marsa, rue du Maroc' },
        vehicleType: 'LARGE_VAN',
        cargo: { description: 'Canapé et 12 cartons', weightKg: 450 },
        loadAssistance: true,
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const rideId = posted.body.id;
    expect(posted.body).toMatchObject({ status: 'PENDING_BIDS', governorate: { code: 'TN-11' } });
    expect((await winnerRequest).ride.id).toBe(rideId);
    expect((await loserRequest).ride.id).toBe(rideId);

    // 2. Both drivers bid; the customer hears of each bid.
    const bidOf = async (driver: TestAccount, price: number, etaMinutes: number) => {
      const response = await call(second.app, 'POST', `/api/rides/${rideId}/bids`, {
        token: driver.accessToken,
        body: { price, etaMinutes },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body as { id: string };
    };
    const winningBid = await bidOf(winner, 38_000, 8);
    const losingBid = await bidOf(loser, 35_000, 25);
    await eventually(() =>
      expect(newBids.map((e) => e.bid.id).sort()).toEqual([winningBid.id, losingBid.id].sort()),
    );
    expect(newBids.find((e) => e.bid.id === winningBid.id)?.bid.driver).toMatchObject({
      id: winner.user.id,
      vehicleType: 'LARGE_VAN',
    });

    // 3. The customer accepts the faster driver's bid; the winner is told, the other driver too.
    const accepted = nextEvent(winnerSocket, 'bid:accepted');
    const rejected = nextEvent(loserSocket, 'bid:rejected');
    const acceptance = await call(env.app, 'POST', `/api/rides/${rideId}/bids/${winningBid.id}/accept`, {
      token: customer.accessToken,
    });
    expect(acceptance.status, JSON.stringify(acceptance.body)).toBe(200);
    expect((await accepted).ride).toMatchObject({
      id: rideId,
      status: 'BID_ACCEPTED',
      driverId: winner.user.id,
    });
    expect((await rejected).bid).toMatchObject({ id: losingBid.id, status: 'REJECTED' });

    // 4. The driver walks the ride; the customer sees each status and the truck moving.
    const walk: RideStatus[] = [
      'DRIVER_ARRIVING',
      'PICKUP_ARRIVED',
      'LOADING',
      'IN_TRANSIT',
      'DROPOFF_ARRIVED',
    ];
    for (const status of walk) {
      const response = await call(second.app, 'PATCH', `/api/rides/${rideId}/status`, {
        token: winner.accessToken,
        body: { status },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      if (status === 'IN_TRANSIT') {
        const ack = await winnerSocket.emitWithAck('driver:location', {
          ...northOf(TUNIS, 3),
          heading: 45,
          speedKmh: 40,
        });
        expect(ack).toEqual({ ok: true });
        await eventually(() => expect(positions.length).toBeGreaterThan(0));
        expect(positions[0]).toMatchObject({ rideId, driverId: winner.user.id, heading: 45 });
      }
    }
    const completed = await call(second.app, 'PATCH', `/api/rides/${rideId}/status`, {
      token: winner.accessToken,
      body: { status: 'COMPLETED' },
    });
    expect(completed.status).toBe(200);
    await eventually(() =>
      expect(rideStatuses.map((e) => e.to)).toEqual(['BID_ACCEPTED', ...walk, 'COMPLETED']),
    );

    // 5. Both sides rate each other.
    const customerRates = await call(env.app, 'POST', `/api/rides/${rideId}/rating`, {
      token: customer.accessToken,
      body: { score: 5, comment: 'Rapide et soigneux' },
    });
    expect(customerRates.status).toBe(201);
    expect(customerRates.body.rateeRating).toEqual({ average: 5, count: 1 });
    const driverRates = await call(second.app, 'POST', `/api/rides/${rideId}/rating`, {
      token: winner.accessToken,
      body: { score: 4 },
    });
    expect(driverRates.status).toBe(201);

    const [ride] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
    expect(ride).toMatchObject({ status: 'COMPLETED', driverId: winner.user.id, price: 38_000 });
    const history = await env.database.db
      .select({ to: rideEvents.toStatus })
      .from(rideEvents)
      .where(eq(rideEvents.rideId, rideId))
      .orderBy(asc(rideEvents.id));
    expect(history.map((e) => e.to).filter(Boolean)).toEqual([
      'PENDING_BIDS',
      'BID_ACCEPTED',
      ...walk,
      'COMPLETED',
    ]);
  });
});
