import { randomUUID } from 'node:crypto';
import {
  bids,
  governorateCommissions,
  rideEvents,
  subscriptionPlans,
  subscriptions,
} from '@truck4u/database';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid, rideRow } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, nextEvent } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { driverWallet, postTransaction } from '../wallet/ledger';

let env: TestEnvironment;
let baseUrl: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
  // Tunis (where insertRide's rides start) at 12%.
  await env.database.db
    .insert(governorateCommissions)
    .values({ governorateCode: 'TN-11', rateBps: 1200, isActive: true })
    .onConflictDoUpdate({
      target: governorateCommissions.governorateCode,
      set: { rateBps: 1200, isActive: true },
    });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

async function connect(account: TestAccount) {
  const socket = await connectSocket(baseUrl, account.accessToken);
  sockets.push(socket);
  return socket;
}

/** A searching ride offered to `drivers` verified drivers. */
async function rideWithDrivers(count: number, customer?: TestAccount) {
  const owner = customer ?? (await registerCustomer(env));
  const drivers = await Promise.all(
    Array.from({ length: count }, () => registerDriver(env, { verified: true })),
  );
  const rideId = await insertRide(env, { customerId: owner.user.id });
  if (count > 0) await offerRide(env, rideId, ...drivers.map((d) => d.user.id));
  return { customer: owner, drivers, rideId };
}

async function bidsOf(rideId: string) {
  return env.database.db.select().from(bids).where(eq(bids.rideId, rideId)).orderBy(asc(bids.createdAt));
}

describe('placing a bid', () => {
  it('tells the customer about a new bid, and replaces it with a fresh expiry when the driver bids again', async () => {
    const { customer, drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    const socket = await connect(customer);
    const news = nextEvent(socket, 'bid:new');

    const first = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: driver.accessToken,
      body: { price: 42_500, etaMinutes: 20, message: 'Bâché, 2 manutentionnaires' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rideId, driverId: driver.user.id, price: 42_500, status: 'PENDING' });
    const expiresIn = Date.parse(first.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);
    expect((await news).bid).toMatchObject({
      id: first.body.id,
      price: 42_500,
      driver: { id: driver.user.id, name: 'Test Driver', rating: null, vehicleType: 'SMALL_VAN' },
    });

    const updates = nextEvent(socket, 'bid:updated');
    await new Promise((r) => setTimeout(r, 20));
    const second = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: driver.accessToken,
      body: { price: 39_000, etaMinutes: 25 },
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, price: 39_000, etaMinutes: 25, message: null });
    expect(Date.parse(second.body.expiresAt)).toBeGreaterThan(Date.parse(first.body.expiresAt));
    expect((await updates).bid).toMatchObject({ id: first.body.id, price: 39_000 });

    const rows = await bidsOf(rideId);
    expect(rows).toHaveLength(1);
    // Other drivers offered the ride read its events: bids leave none, so rivals' prices stay private.
    const rival = await registerDriver(env, { verified: true });
    await offerRide(env, rideId, rival.user.id);
    const events = await call(env.app, 'GET', `/api/rides/${rideId}/events`, { token: rival.accessToken });
    expect(events.status).toBe(200);
    expect(JSON.stringify(events.body)).not.toContain(first.body.id);
    expect(JSON.stringify(events.body)).not.toContain('39000');
  });

  it('keeps one live bid per driver even when the same driver bids many times at once', async () => {
    const { drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
          token: driver.accessToken,
          body: { price: 30_000 + i, etaMinutes: 10 },
        }),
      ),
    );
    expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await bidsOf(rideId)).toHaveLength(1);
  });

  it('refuses drivers who were not offered the ride, unverified and busy drivers, and rides no longer searching', async () => {
    const { customer, drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    const stranger = await registerDriver(env, { verified: true });
    const notOffered = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: stranger.accessToken,
      body: { price: 40_000, etaMinutes: 15 },
    });
    expect(notOffered.status).toBe(404);
    expect(notOffered.body.error.code).toBe('NOT_FOUND');

    const unverified = await registerDriver(env);
    await offerRide(env, rideId, unverified.user.id);
    const pending = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: unverified.accessToken,
      body: { price: 40_000, etaMinutes: 15 },
    });
    expect(pending.status).toBe(403);

    const busy = await registerDriver(env, { verified: true });
    await insertRide(env, { customerId: customer.user.id, status: 'IN_TRANSIT', driverId: busy.user.id });
    await offerRide(env, rideId, busy.user.id);
    const busyBid = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: busy.accessToken,
      body: { price: 40_000, etaMinutes: 15 },
    });
    expect(busyBid.status).toBe(409);
    expect(busyBid.body.error.code).toBe('DRIVER_BUSY');

    const closed = await insertRide(env, { customerId: customer.user.id, status: 'CANCELLED' });
    await offerRide(env, closed, driver.user.id);
    const late = await call(env.app, 'POST', `/api/rides/${closed}/bids`, {
      token: driver.accessToken,
      body: { price: 40_000, etaMinutes: 15 },
    });
    expect(late.status).toBe(409);

    // One tap ("take the customer's price") on a ride that offers none: there is no price to bid.
    const noPrice = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: driver.accessToken,
      body: { etaMinutes: 15 },
    });
    expect(noPrice.status).toBe(400);
    expect(noPrice.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'body.price' })],
    });
    expect(await bidsOf(rideId)).toHaveLength(0);
    expect(await bidsOf(closed)).toHaveLength(0);
  });

  it('refuses a driver whose wallet is below the minimum balance, until a top-up settles it', async () => {
    const { drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    // What the payment worker posts for cash rides (commission owed), then a top-up of one millime.
    const post = (kind: string, amount: number, from: 'PLATFORM_REVENUE' | 'FLOUCI_CLEARING') =>
      env.database.db.transaction((tx) =>
        postTransaction(tx, {
          kind,
          description: kind,
          idempotencyKey: randomUUID(),
          entries: [
            { account: driverWallet(driver.user.id), amount },
            { account: { kind: from }, amount: -amount },
          ],
        }),
      );
    await post('CASH_COMMISSION', env.config.money.driverMinBalanceMillimes - 1, 'PLATFORM_REVENUE');
    const refused = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: driver.accessToken,
      body: { price: 40_000, etaMinutes: 15 },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('BALANCE_BELOW_MINIMUM');
    expect(await bidsOf(rideId)).toHaveLength(0);
    await post('TOP_UP', 1, 'FLOUCI_CLEARING');
    await placeBid(env, driver, rideId);
  });

  it('answers malformed and absurd bids with 400 VALIDATION_FAILED and writes nothing', async () => {
    const { drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    const bodies: unknown[] = [
      {},
      { price: 999, etaMinutes: 10 },
      { price: 100_000_001, etaMinutes: 10 },
      { price: 40_000.5, etaMinutes: 10 },
      { price: '40000', etaMinutes: 10 },
      { price: -40_000, etaMinutes: 10 },
      { price: 40_000, etaMinutes: 0 },
      { price: 40_000, etaMinutes: 24 * 60 + 1 },
      { price: 40_000, etaMinutes: 10, message: 'x'.repeat(501) },
      { price: Number.MAX_SAFE_INTEGER * 2, etaMinutes: 10 },
      [],
    ];
    for (const body of bodies) {
      const response = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
        token: driver.accessToken,
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const badId = await call(env.app, 'POST', '/api/rides/not-a-uuid/bids', {
      token: driver.accessToken,
      body: { price: 40_000, etaMinutes: 10 },
    });
    expect(badId.status).toBe(400);
    expect(await bidsOf(rideId)).toHaveLength(0);
  });
});

describe('bid expiry', () => {
  let shortLived: AppInstance;
  beforeAll(async () => {
    shortLived = await env.startInstance({ BID_TTL_MS: '400' });
  });

  it('shows an expired bid as EXPIRED, refuses to accept it, and revives it when the driver bids again', async () => {
    const { customer, drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    const placed = await call(shortLived.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: driver.accessToken,
      body: { price: 40_000, etaMinutes: 15 },
    });
    expect(placed.status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));

    const listed = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: customer.accessToken });
    expect(listed.body.items).toMatchObject([{ id: placed.body.id, status: 'EXPIRED' }]);
    const refused = await acceptBid(env, customer, rideId, placed.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('BID_EXPIRED');
    expect((await rideRow(env, rideId)).status).toBe('PENDING_BIDS');

    const again = await call(shortLived.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: driver.accessToken,
      body: { price: 41_000, etaMinutes: 15 },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: placed.body.id, status: 'PENDING' });
    const accepted = await acceptBid(env, customer, rideId, placed.body.id);
    expect(accepted.status).toBe(200);
    expect(accepted.body.ride).toMatchObject({ status: 'BID_ACCEPTED', price: 41_000 });
  });
});

describe('seeing bids', () => {
  it('shows the customer every bid with driver name, rating and vehicle, a driver only their own, others nothing', async () => {
    const { customer, drivers, rideId } = await rideWithDrivers(3);
    const [a, b, idle] = drivers as [TestAccount, TestAccount, TestAccount];
    await env.database.db.execute(
      sql`UPDATE drivers SET rating_sum = 9, rating_count = 2 WHERE id = ${a.user.id}::uuid`,
    );
    const bidA = await placeBid(env, a, rideId, { price: 50_000, etaMinutes: 10 });
    const bidB = await placeBid(env, b, rideId, { price: 45_000, etaMinutes: 30 });

    const all = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: customer.accessToken });
    expect(all.status).toBe(200);
    expect(all.body.items).toMatchObject([
      { id: bidB.id, price: 45_000, driver: { id: b.user.id, rating: null, ratingCount: 0 } },
      {
        id: bidA.id,
        price: 50_000,
        driver: { id: a.user.id, name: 'Test Driver', rating: 4.5, ratingCount: 2, vehicleType: 'SMALL_VAN' },
      },
    ]);

    const own = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: a.accessToken });
    expect(own.status).toBe(200);
    expect(own.body.items.map((x: { id: string }) => x.id)).toEqual([bidA.id]);
    const none = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: idle.accessToken });
    expect(none.body.items).toEqual([]);

    const otherCustomer = await registerCustomer(env);
    const unrelated = await registerDriver(env, { verified: true });
    for (const token of [otherCustomer.accessToken, unrelated.accessToken]) {
      const response = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
      expect(JSON.stringify(response.body)).not.toContain(bidA.id);
    }
    const anonymous = await call(env.app, 'GET', `/api/rides/${rideId}/bids`);
    expect(anonymous.status).toBe(401);
  });
});

describe('accepting a bid', () => {
  it('assigns the driver at the bid price and the governorate rate, rejects the other bids and tells everyone', async () => {
    const { customer, drivers, rideId } = await rideWithDrivers(3);
    const [winner, loserA, loserB] = drivers as [TestAccount, TestAccount, TestAccount];
    const win = await placeBid(env, winner, rideId, { price: 47_000, etaMinutes: 12 });
    const lostA = await placeBid(env, loserA, rideId, { price: 44_000, etaMinutes: 40 });
    const lostB = await placeBid(env, loserB, rideId, { price: 52_000, etaMinutes: 8 });
    const customerSocket = await connect(customer);
    const joined = await customerSocket.emitWithAck('ride:join', { rideId });
    expect(joined.ok).toBe(true);
    const winnerSocket = await connect(winner);
    const loserSocket = await connect(loserA);
    const statusEvent = nextEvent(customerSocket, 'ride:status');
    const acceptedEvent = nextEvent(winnerSocket, 'bid:accepted');
    const rejectedEvent = nextEvent(loserSocket, 'bid:rejected');
    const winnerStatus = nextEvent(winnerSocket, 'ride:status');

    const response = await acceptBid(env, customer, rideId, win.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.ride).toMatchObject({
      id: rideId,
      status: 'BID_ACCEPTED',
      driverId: winner.user.id,
      acceptedBidId: win.id,
      price: 47_000,
    });
    expect(response.body.bid).toMatchObject({ id: win.id, status: 'ACCEPTED' });

    const row = await rideRow(env, rideId);
    expect(row).toMatchObject({ status: 'BID_ACCEPTED', price: 47_000, commissionRateBps: 1200 });
    expect(row.acceptedAt).toBeInstanceOf(Date);
    const statuses = Object.fromEntries((await bidsOf(rideId)).map((b) => [b.id, b.status]));
    expect(statuses).toEqual({ [win.id]: 'ACCEPTED', [lostA.id]: 'REJECTED', [lostB.id]: 'REJECTED' });

    expect(await statusEvent).toMatchObject({ rideId, from: 'PENDING_BIDS', to: 'BID_ACCEPTED' });
    expect(await acceptedEvent).toMatchObject({ bid: { id: win.id }, ride: { driverId: winner.user.id } });
    expect(await rejectedEvent).toMatchObject({
      bid: { id: lostA.id, status: 'REJECTED' },
      reason: 'OTHER_BID_ACCEPTED',
    });
    // The winner was put in the ride's room, so they hear the ride's status changes from now on.
    expect(await winnerStatus).toMatchObject({ rideId, to: 'BID_ACCEPTED' });

    const [event] = await env.database.db
      .select()
      .from(rideEvents)
      .where(eq(rideEvents.rideId, rideId))
      .orderBy(sql`${rideEvents.id} DESC`)
      .limit(1);
    expect(event).toMatchObject({
      type: 'STATUS_CHANGED',
      fromStatus: 'PENDING_BIDS',
      toStatus: 'BID_ACCEPTED',
      actorRole: 'customer',
      actorId: customer.user.id,
      data: { bidId: win.id, commissionRateBps: 1200, commissionSource: 'GOVERNORATE' },
    });

    const again = await acceptBid(env, customer, rideId, lostA.id);
    expect(again.status).toBe(409);
  });

  it('fixes a B2B Business customer’s plan rate on the ride', async () => {
    const business = await registerCustomer(env, {
      company: { name: 'Medina Textiles SA', taxId: '1111111X' },
    });
    const [plan] = await env.database.db
      .select()
      .from(subscriptionPlans)
      .where(eq(subscriptionPlans.code, 'BUSINESS'));
    if (!plan) throw new Error('BUSINESS plan is not seeded');
    await env.database.db.insert(subscriptions).values({
      customerId: business.user.id,
      planCode: 'BUSINESS',
      status: 'ACTIVE',
      currentPeriodStart: sql`now()`,
      currentPeriodEnd: sql`now() + interval '30 days'`,
    });
    const { drivers, rideId } = await rideWithDrivers(1, business);
    const bid = await placeBid(env, drivers[0] as TestAccount, rideId, { price: 100_000, etaMinutes: 30 });
    const response = await acceptBid(env, business, rideId, bid.id);
    expect(response.status).toBe(200);
    expect(plan.commissionRateBps).not.toBe(1200);
    expect((await rideRow(env, rideId)).commissionRateBps).toBe(plan.commissionRateBps);
  });

  it('lets exactly one of 20 concurrent acceptances of different bids win', async () => {
    const { customer, drivers, rideId } = await rideWithDrivers(20);
    const placed = await Promise.all(
      drivers.map((d, i) => placeBid(env, d, rideId, { price: 40_000 + i * 100, etaMinutes: 10 + i })),
    );
    const responses = await Promise.all(placed.map((b) => acceptBid(env, customer, rideId, b.id)));
    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of responses.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(r.body.error.code);
    }
    const rows = await bidsOf(rideId);
    expect(rows.filter((b) => b.status === 'ACCEPTED')).toHaveLength(1);
    expect(rows.filter((b) => b.status === 'REJECTED')).toHaveLength(19);
    const ride = await rideRow(env, rideId);
    const acceptedBid = rows.find((b) => b.status === 'ACCEPTED');
    expect(ride).toMatchObject({
      acceptedBidId: acceptedBid?.id,
      driverId: acceptedBid?.driverId,
      price: acceptedBid?.price,
    });
    const transitions = await env.database.db
      .select()
      .from(rideEvents)
      .where(sql`${rideEvents.rideId} = ${rideId}::uuid AND ${rideEvents.toStatus} = 'BID_ACCEPTED'`);
    expect(transitions).toHaveLength(1);
  });

  it('lets a driver win only one of two rides accepted at the same moment', async () => {
    const driver = await registerDriver(env, { verified: true });
    const first = await rideWithDrivers(0);
    const second = await rideWithDrivers(0);
    await offerRide(env, first.rideId, driver.user.id);
    await offerRide(env, second.rideId, driver.user.id);
    const bidOne = await placeBid(env, driver, first.rideId);
    const bidTwo = await placeBid(env, driver, second.rideId);

    const [one, two] = await Promise.all([
      acceptBid(env, first.customer, first.rideId, bidOne.id),
      acceptBid(env, second.customer, second.rideId, bidTwo.id),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const loser = one.status === 409 ? { response: one, ...first } : { response: two, ...second };
    expect(loser.response.body.error.code).toBe('DRIVER_BUSY');
    // The losing acceptance left its ride searching and its bid open.
    expect((await rideRow(env, loser.rideId)).status).toBe('PENDING_BIDS');
    expect((await bidsOf(loser.rideId)).map((b) => b.status)).toEqual(['PENDING']);
  });

  it('lets only the ride’s customer accept: other customers, drivers and anonymous callers change nothing', async () => {
    const { drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    const bid = await placeBid(env, driver, rideId);
    const otherCustomer = await registerCustomer(env);
    const foreign = await acceptBid(env, otherCustomer, rideId, bid.id);
    expect(foreign.status).toBe(404);
    const byDriver = await call(env.app, 'POST', `/api/rides/${rideId}/bids/${bid.id}/accept`, {
      token: driver.accessToken,
    });
    expect(byDriver.status).toBe(403);
    const anonymous = await call(env.app, 'POST', `/api/rides/${rideId}/bids/${bid.id}/accept`);
    expect(anonymous.status).toBe(401);
    const malformed = await call(env.app, 'POST', `/api/rides/${rideId}/bids/not-a-bid/accept`, {
      token: otherCustomer.accessToken,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    expect((await rideRow(env, rideId)).status).toBe('PENDING_BIDS');
    expect((await bidsOf(rideId)).map((b) => b.status)).toEqual(['PENDING']);
  });

  it('refuses a bid whose driver was suspended since bidding', async () => {
    const { customer, drivers, rideId } = await rideWithDrivers(1);
    const [driver] = drivers as [TestAccount];
    const bid = await placeBid(env, driver, rideId);
    await env.database.db.execute(
      sql`UPDATE drivers SET is_deactivated = true WHERE id = ${driver.user.id}::uuid`,
    );
    const response = await acceptBid(env, customer, rideId, bid.id);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect((await rideRow(env, rideId)).status).toBe('PENDING_BIDS');
  });

  it('never fixes a price other than the accepted bid’s when the driver changes it during the acceptance', async () => {
    for (let i = 0; i < 8; i++) {
      const { customer, drivers, rideId } = await rideWithDrivers(1);
      const [driver] = drivers as [TestAccount];
      const bid = await placeBid(env, driver, rideId, { price: 50_000, etaMinutes: 10 });
      const [update, acceptance] = await Promise.all([
        call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
          token: driver.accessToken,
          body: { price: 61_000, etaMinutes: 10 },
        }),
        acceptBid(env, customer, rideId, bid.id),
      ]);
      expect(acceptance.status).toBe(200);
      const [row] = await bidsOf(rideId);
      const ride = await rideRow(env, rideId);
      // Whichever came first, the ride carries the price of the bid as it stood when it was accepted.
      expect(ride.price).toBe(row?.price);
      expect(acceptance.body.ride.price).toBe(row?.price);
      expect(row?.status).toBe('ACCEPTED');
      if (update.status === 200) expect(ride.price).toBe(61_000);
      else expect([update.status, ride.price]).toEqual([409, 50_000]);
    }
  });

  it('lets only one of a cancellation and an acceptance racing on the same ride win', async () => {
    for (let i = 0; i < 6; i++) {
      const { customer, drivers, rideId } = await rideWithDrivers(1);
      const bid = await placeBid(env, drivers[0] as TestAccount, rideId);
      const [cancel, acceptance] = await Promise.all([
        call(env.app, 'POST', `/api/rides/${rideId}/cancel`, { token: customer.accessToken, body: {} }),
        acceptBid(env, customer, rideId, bid.id),
      ]);
      const ride = await rideRow(env, rideId);
      const [row] = await bidsOf(rideId);
      if (acceptance.status === 200) {
        // Cancelling right after acceptance is allowed (within the grace period): both may succeed in order.
        expect([200, 409]).toContain(cancel.status);
        expect(ride.status).toBe(cancel.status === 200 ? 'CANCELLED' : 'BID_ACCEPTED');
      } else {
        expect(cancel.status).toBe(200);
        expect(acceptance.status).toBe(409);
        expect(ride.status).toBe('CANCELLED');
        expect(row?.status).toBe('REJECTED');
      }
      // Whatever the interleaving, the recorded history is one unbroken chain of transitions.
      const history = await env.database.db
        .select({ from: rideEvents.fromStatus, to: rideEvents.toStatus })
        .from(rideEvents)
        .where(eq(rideEvents.rideId, rideId))
        .orderBy(asc(rideEvents.id));
      let current: string | null = 'PENDING_BIDS';
      for (const step of history.filter((e) => e.to !== null)) {
        expect(step.from).toBe(current);
        current = step.to;
      }
      expect(current).toBe(ride.status);
    }
  });

  it('answers 404 for a bid of another ride', async () => {
    const a = await rideWithDrivers(1);
    const b = await rideWithDrivers(1);
    const bidOnB = await placeBid(env, b.drivers[0] as TestAccount, b.rideId);
    const response = await acceptBid(env, a.customer, a.rideId, bidOnB.id);
    expect(response.status).toBe(404);
    expect((await rideRow(env, a.rideId)).status).toBe('PENDING_BIDS');
  });
});
