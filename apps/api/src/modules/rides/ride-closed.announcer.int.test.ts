import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, nextEvent, recordEvents } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let baseUrl: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

async function connectedDriver(): Promise<{ driver: TestAccount; socket: ClientSocket }> {
  const driver = await registerDriver(env, { verified: true });
  const socket = await connectSocket(baseUrl, driver.accessToken);
  sockets.push(socket);
  return { driver, socket };
}

/** Long enough for a push sent in the same request as the one awaited to have arrived too. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('drivers offered a ride who did not bid', () => {
  it('get ride:status CANCELLED when the customer cancels, while bidders get bid:rejected only', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const silent = await connectedDriver();
    const bidder = await connectedDriver();
    const outsider = await connectedDriver();
    await offerRide(env, rideId, silent.driver.user.id, bidder.driver.user.id);
    await placeBid(env, bidder.driver, rideId);
    const bidderStatuses = recordEvents(bidder.socket, 'ride:status');
    const outsiderStatuses = recordEvents(outsider.socket, 'ride:status');
    const silentStatus = nextEvent(silent.socket, 'ride:status');
    const bidderRejection = nextEvent(bidder.socket, 'bid:rejected');

    const cancelled = await call(env.app, 'POST', `/api/rides/${rideId}/cancel`, {
      token: customer.accessToken,
      body: { reason: 'plans changed' },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    const status = await silentStatus;
    expect(status).toMatchObject({ rideId, from: 'PENDING_BIDS', to: 'CANCELLED' });
    expect(status.ride).toMatchObject({ id: rideId, status: 'CANCELLED' });
    expect(typeof status.eventId).toBe('number');
    expect((await bidderRejection).reason).toBe('RIDE_CANCELLED');
    await settle();
    expect(bidderStatuses).toEqual([]);
    expect(outsiderStatuses).toEqual([]);
    // The ride is gone from the silent driver's list too, which is what the app re-reads on reconnect.
    const available = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
      token: silent.driver.accessToken,
    });
    expect(available.body.items.map((r: { id: string }) => r.id)).not.toContain(rideId);
  });

  it('get ride:status BID_ACCEPTED when another driver’s bid is accepted, without the winner or price', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const silent = await connectedDriver();
    const winner = await connectedDriver();
    const loser = await connectedDriver();
    await offerRide(env, rideId, silent.driver.user.id, winner.driver.user.id, loser.driver.user.id);
    const winningBid = await placeBid(env, winner.driver, rideId, { price: 52_000, etaMinutes: 12 });
    await placeBid(env, loser.driver, rideId, { price: 61_000, etaMinutes: 8 });
    const loserStatuses = recordEvents(loser.socket, 'ride:status');
    const silentStatus = nextEvent(silent.socket, 'ride:status');
    const loserRejection = nextEvent(loser.socket, 'bid:rejected');
    const winnerAcceptance = nextEvent(winner.socket, 'bid:accepted');

    const accepted = await acceptBid(env, customer, rideId, winningBid.id);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    const status = await silentStatus;
    expect(status).toMatchObject({ rideId, from: 'PENDING_BIDS', to: 'BID_ACCEPTED' });
    expect(status.ride).toMatchObject({
      id: rideId,
      status: 'BID_ACCEPTED',
      driverId: null,
      acceptedBidId: null,
      price: null,
    });
    expect((await loserRejection).reason).toBe('OTHER_BID_ACCEPTED');
    expect((await winnerAcceptance).bid.id).toBe(winningBid.id);
    await settle();
    expect(loserStatuses).toEqual([]);
  });
});

describe('offered drivers following a ride’s room', () => {
  it('are taken out of the room when another driver’s bid is accepted, so the winner and price stay hidden', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const follower = await connectedDriver();
    const winner = await connectedDriver();
    await offerRide(env, rideId, follower.driver.user.id, winner.driver.user.id);
    // While the ride takes bids an offered driver may follow its room, as they may read it over HTTP.
    expect(await follower.socket.emitWithAck('ride:join', { rideId })).toEqual({ ok: true });
    const followerStatuses = recordEvents(follower.socket, 'ride:status');
    const winningBid = await placeBid(env, winner.driver, rideId);

    const accepted = await acceptBid(env, customer, rideId, winningBid.id);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await settle();

    // Only their own notice, without the winner: the room's broadcast (with driver and price) missed them.
    expect(followerStatuses).toHaveLength(1);
    expect(followerStatuses[0]?.ride).toMatchObject({ status: 'BID_ACCEPTED', driverId: null, price: null });
    expect(await follower.socket.emitWithAck('ride:join', { rideId })).toEqual({
      ok: false,
      error: 'NOT_FOUND',
    });
  });
});
