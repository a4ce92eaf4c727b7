import { bids, rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid, rideRow } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { nextEvent, recordEvents } from '#test/realtime-client';
import { insertRide, TUNIS } from '#test/ride-fixtures';
import { useRideStack } from '#test/ride-stack';
import type { TestEnvironment } from '#test/test-environment';

const stack = useRideStack();
let env: TestEnvironment;
beforeAll(() => {
  env = stack.env;
});

const connect = (account: TestAccount) => stack.connect(account);

/** A searching ride offered to `count` verified drivers, each with a bid at 40, 41, … TND. */
async function rideWithBids(count: number) {
  const customer = await registerCustomer(env);
  const drivers = await Promise.all(
    Array.from({ length: count }, () => registerDriver(env, { verified: true })),
  );
  const rideId = await insertRide(env, { customerId: customer.user.id });
  await offerRide(env, rideId, ...drivers.map((d) => d.user.id));
  const placed = [];
  for (const [i, driver] of drivers.entries()) {
    placed.push(await placeBid(env, driver, rideId, { price: 40_000 + i * 1_000, etaMinutes: 15 }));
  }
  return { customer, drivers, rideId, bidIds: placed.map((b) => b.id) };
}

const counter = (customer: TestAccount, rideId: string, bidId: string, price: number) =>
  call(env.app, 'POST', `/api/rides/${rideId}/bids/${bidId}/counter`, {
    token: customer.accessToken,
    body: { price },
  });
const respond = (driver: TestAccount, rideId: string, bidId: string, accept: boolean) =>
  call(env.app, 'POST', `/api/rides/${rideId}/bids/${bidId}/counter/respond`, {
    token: driver.accessToken,
    body: { accept },
  });
const withdraw = (driver: TestAccount, rideId: string, bidId: string) =>
  call(env.app, 'DELETE', `/api/rides/${rideId}/bids/${bidId}`, { token: driver.accessToken });

async function bidRow(bidId: string) {
  const [row] = await env.database.db.select().from(bids).where(eq(bids.id, bidId));
  if (!row) throw new Error('bid vanished');
  return row;
}

describe('counter-offers', () => {
  it('lets the customer counter, the driver accept it live, and the customer then accept at the counter price', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(1);
    const [driver] = drivers as [TestAccount];
    const [bidId] = bidIds as [string];
    const driverSocket = await connect(driver);
    const customerSocket = await connect(customer);

    const countered = nextEvent(driverSocket, 'bid:countered');
    const customerSees = nextEvent(customerSocket, 'bid:updated');
    const made = await counter(customer, rideId, bidId, 35_000);
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body).toMatchObject({ id: bidId, status: 'COUNTERED', price: 40_000, counterPrice: 35_000 });
    expect((await countered).bid).toMatchObject({ id: bidId, status: 'COUNTERED', counterPrice: 35_000 });
    expect((await customerSees).bid).toMatchObject({ id: bidId, status: 'COUNTERED' });

    // Waiting for the driver: the customer cannot accept the bid, nor counter it again.
    const early = await acceptBid(env, customer, rideId, bidId);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('CONFLICT');
    const twice = await counter(customer, rideId, bidId, 33_000);
    expect(twice.status).toBe(409);
    expect((await bidRow(bidId)).counterPrice).toBe(35_000);

    const answered = nextEvent(customerSocket, 'bid:updated');
    const yes = await respond(driver, rideId, bidId, true);
    expect(yes.status, JSON.stringify(yes.body)).toBe(200);
    expect(yes.body).toMatchObject({ id: bidId, status: 'PENDING', price: 35_000, counterPrice: 35_000 });
    expect((await answered).bid).toMatchObject({ id: bidId, status: 'PENDING', price: 35_000 });

    const accepted = await acceptBid(env, customer, rideId, bidId);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.ride).toMatchObject({
      status: 'BID_ACCEPTED',
      price: 35_000,
      driverId: driver.user.id,
    });
  });

  it('shows the customer’s counter price on the driver’s own bid in their available rides', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(1);
    const [driver] = drivers as [TestAccount];
    const [bidId] = bidIds as [string];
    const myBid = async () => {
      const list = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
        token: driver.accessToken,
      });
      expect(list.status).toBe(200);
      return list.body.items.find((i: { ride: { id: string } }) => i.ride.id === rideId)?.myBid;
    };
    expect(await myBid()).toMatchObject({ id: bidId, status: 'PENDING', price: 40_000, counterPrice: null });

    expect((await counter(customer, rideId, bidId, 35_000)).status).toBe(200);
    expect(await myBid()).toMatchObject({
      id: bidId,
      status: 'COUNTERED',
      price: 40_000,
      counterPrice: 35_000,
    });
  });

  it('makes a declined counter DECLINED and unacceptable, until the driver bids again', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(1);
    const [driver] = drivers as [TestAccount];
    const [bidId] = bidIds as [string];
    const customerSocket = await connect(customer);
    const counterSeen = nextEvent(customerSocket, 'bid:updated');
    expect((await counter(customer, rideId, bidId, 30_000)).status).toBe(200);
    await counterSeen;

    const declined = nextEvent(customerSocket, 'bid:updated');
    const no = await respond(driver, rideId, bidId, false);
    expect(no.status).toBe(200);
    expect(no.body).toMatchObject({ status: 'DECLINED', price: 40_000 });
    expect((await declined).bid).toMatchObject({ id: bidId, status: 'DECLINED' });
    expect((await acceptBid(env, customer, rideId, bidId)).status).toBe(409);
    expect((await respond(driver, rideId, bidId, true)).status).toBe(409);

    // A fresh bid from the same driver is live again, at their new price, with the old counter dropped.
    const again = await placeBid(env, driver, rideId, { price: 37_000, etaMinutes: 15 });
    expect(again).toMatchObject({ id: bidId, status: 'PENDING', price: 37_000, counterPrice: null });
    expect((await acceptBid(env, customer, rideId, bidId)).status).toBe(200);
  });

  it('answers 404 to anyone but the parties and 403 to the wrong role', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(2);
    const [driver, rival] = drivers as [TestAccount, TestAccount];
    const [bidId] = bidIds as [string];
    const stranger = await registerCustomer(env);

    expect((await counter(stranger, rideId, bidId, 30_000)).status).toBe(404);
    expect((await counter(customer, rideId, bidId, 30_000)).status).toBe(200);
    // Another driver offered the same ride does not learn anything about a rival's bid.
    const byRival = await respond(rival, rideId, bidId, true);
    expect(byRival.status).toBe(404);
    expect(byRival.body.error.code).toBe('NOT_FOUND');
    expect(
      (
        await call(env.app, 'POST', `/api/rides/${rideId}/bids/${bidId}/counter/respond`, {
          token: customer.accessToken,
          body: { accept: true },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(env.app, 'POST', `/api/rides/${rideId}/bids/${bidId}/counter`, {
          token: driver.accessToken,
          body: { price: 30_000 },
        })
      ).status,
    ).toBe(403);
    expect((await bidRow(bidId)).status).toBe('COUNTERED');
  });

  it('expires a counter the driver never answers, like a bid', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(1);
    const [driver] = drivers as [TestAccount];
    const [bidId] = bidIds as [string];
    const made = await counter(customer, rideId, bidId, 36_000);
    // The counter renews the expiry: the driver has a full bid lifetime to answer.
    expect(Date.parse(made.body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    await env.database.db
      .update(bids)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(bids.id, bidId));

    const late = await respond(driver, rideId, bidId, true);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('BID_EXPIRED');
    const listed = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: customer.accessToken });
    expect(listed.body.items[0]).toMatchObject({ id: bidId, status: 'EXPIRED', counterPrice: 36_000 });
    expect((await acceptBid(env, customer, rideId, bidId)).status).toBe(409);
  });

  it('rejects an open counter with the other bids when the customer accepts another one', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(2);
    const [countered, other] = bidIds as [string, string];
    const driverSocket = await connect(drivers[0] as TestAccount);
    expect((await counter(customer, rideId, countered, 30_000)).status).toBe(200);
    const rejected = nextEvent(driverSocket, 'bid:rejected');
    expect((await acceptBid(env, customer, rideId, other)).status).toBe(200);
    expect((await rejected).bid).toMatchObject({ id: countered, status: 'REJECTED' });
    expect((await bidRow(countered)).status).toBe('REJECTED');
  });
});

describe('withdrawing a bid', () => {
  it('withdraws the driver’s own bid, tells the customer, and the bid can no longer be accepted or countered', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(2);
    const [driver, rival] = drivers as [TestAccount, TestAccount];
    const [bidId] = bidIds as [string];
    const customerSocket = await connect(customer);

    // Someone else's bid: 404, and it stays live.
    expect((await withdraw(rival, rideId, bidId)).status).toBe(404);
    expect((await bidRow(bidId)).status).toBe('PENDING');

    const told = nextEvent(customerSocket, 'bid:withdrawn');
    const gone = await withdraw(driver, rideId, bidId);
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    expect(gone.body).toMatchObject({ id: bidId, status: 'WITHDRAWN' });
    expect((await told).bid).toMatchObject({ id: bidId, status: 'WITHDRAWN' });

    const accept = await acceptBid(env, customer, rideId, bidId);
    expect(accept.status).toBe(409);
    const countering = await counter(customer, rideId, bidId, 30_000);
    expect(countering.status).toBe(409);
    expect(countering.body.error.code).toBe('CONFLICT');
    expect((await withdraw(driver, rideId, bidId)).status).toBe(409);
    expect((await rideRow(env, rideId)).status).toBe('PENDING_BIDS');
  });

  it('withdraws a countered bid too', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(1);
    const [bidId] = bidIds as [string];
    expect((await counter(customer, rideId, bidId, 30_000)).status).toBe(200);
    expect((await withdraw(drivers[0] as TestAccount, rideId, bidId)).status).toBe(200);
    expect((await respond(drivers[0] as TestAccount, rideId, bidId, true)).status).toBe(409);
  });
});

describe('accepting a bid', () => {
  it('answers a repeated acceptance of the same bid with the first result, and another bid with 409', async () => {
    const { customer, drivers, rideId, bidIds } = await rideWithBids(2);
    const [first, second] = bidIds as [string, string];
    const winner = await connect(drivers[0] as TestAccount);
    const accepted = recordEvents(winner, 'bid:accepted');

    const once = await acceptBid(env, customer, rideId, first);
    expect(once.status).toBe(200);
    const again = await acceptBid(env, customer, rideId, first);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(once.body);
    const other = await acceptBid(env, customer, rideId, second);
    expect(other.status).toBe(409);
    // The replay announced nothing: the winner heard of the acceptance once.
    await new Promise((r) => setTimeout(r, 200));
    expect(accepted).toHaveLength(1);
  });
});

describe('races', () => {
  it('settles a driver accepting a counter while the customer accepts another bid: one consistent outcome', async () => {
    for (let round = 0; round < 5; round++) {
      const { customer, drivers, rideId, bidIds } = await rideWithBids(2);
      const [countered, other] = bidIds as [string, string];
      expect((await counter(customer, rideId, countered, 38_000)).status).toBe(200);
      const [answer, accept] = await Promise.all([
        respond(drivers[0] as TestAccount, rideId, countered, true),
        acceptBid(env, customer, rideId, other),
      ]);
      expect(accept.status, JSON.stringify(accept.body)).toBe(200);
      expect([200, 409]).toContain(answer.status);
      const ride = await rideRow(env, rideId);
      expect(ride).toMatchObject({ status: 'BID_ACCEPTED', acceptedBidId: other, price: 41_000 });
      expect((await bidRow(countered)).status).toBe('REJECTED');
      expect((await bidRow(other)).status).toBe('ACCEPTED');
    }
  });

  it('settles a driver accepting a counter while the customer tries to accept that bid', async () => {
    for (let round = 0; round < 5; round++) {
      const { customer, drivers, rideId, bidIds } = await rideWithBids(1);
      const [bidId] = bidIds as [string];
      expect((await counter(customer, rideId, bidId, 38_000)).status).toBe(200);
      const [answer, accept] = await Promise.all([
        respond(drivers[0] as TestAccount, rideId, bidId, true),
        acceptBid(env, customer, rideId, bidId),
      ]);
      expect(answer.status).toBe(200);
      const ride = await rideRow(env, rideId);
      if (accept.status === 200) {
        // The answer came first: the acceptance is at the counter price.
        expect(ride).toMatchObject({ status: 'BID_ACCEPTED', price: 38_000 });
      } else {
        expect(accept.status).toBe(409);
        expect(ride.status).toBe('PENDING_BIDS');
        expect(await bidRow(bidId)).toMatchObject({ status: 'PENDING', price: 38_000 });
      }
    }
  });

  it('lets exactly one of a withdrawal and an acceptance of the same bid win', async () => {
    for (let round = 0; round < 6; round++) {
      const { customer, drivers, rideId, bidIds } = await rideWithBids(1);
      const [bidId] = bidIds as [string];
      const [gone, accept] = await Promise.all([
        withdraw(drivers[0] as TestAccount, rideId, bidId),
        acceptBid(env, customer, rideId, bidId),
      ]);
      const wins = [gone.status, accept.status].filter((s) => s === 200);
      expect(wins, `${gone.status} ${accept.status}`).toHaveLength(1);
      expect([gone.status, accept.status]).toContain(409);
      const ride = await rideRow(env, rideId);
      const bid = await bidRow(bidId);
      if (accept.status === 200) {
        expect(ride).toMatchObject({ status: 'BID_ACCEPTED', acceptedBidId: bidId });
        expect(bid.status).toBe('ACCEPTED');
      } else {
        expect(ride).toMatchObject({ status: 'PENDING_BIDS', acceptedBidId: null });
        expect(bid.status).toBe('WITHDRAWN');
      }
    }
  });
});

describe('offered price', () => {
  async function postRide(customer: TestAccount, extra: Record<string, unknown> = {}) {
    const response = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
        dropoff: { lat: 36.85, lng: 10.2, address: 'La Marsa' },
        vehicleType: 'SMALL_VAN',
        cargo: { description: 'Cartons', weightKg: 200 },
        ...extra,
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  it('shows the offered price and band to offered drivers, who take it in one tap by leaving out the price', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const ride = await postRide(customer, { offeredPrice: 33_000 });
    expect(ride).toMatchObject({ offeredPrice: 33_000, priceBand: { basis: 'tariff', sampleSize: 0 } });
    await offerRide(env, ride.id, driver.user.id);

    const available = await call(env.app, 'GET', '/api/drivers/me/rides/available', {
      token: driver.accessToken,
    });
    const offered = available.body.items.find((i: { ride: { id: string } }) => i.ride.id === ride.id);
    expect(offered.ride).toMatchObject({ offeredPrice: 33_000, priceBand: ride.priceBand });
    const asDriver = await call(env.app, 'GET', `/api/rides/${ride.id}`, { token: driver.accessToken });
    expect(asDriver.body.priceBand).toEqual(ride.priceBand);

    const oneTap = await call(env.app, 'POST', `/api/rides/${ride.id}/bids`, {
      token: driver.accessToken,
      body: { etaMinutes: 12 },
    });
    expect(oneTap.status, JSON.stringify(oneTap.body)).toBe(201);
    expect(oneTap.body).toMatchObject({ price: 33_000, status: 'PENDING' });
  });

  it('refuses a bid without a price on a ride with no offered price, and an offered price out of bounds', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const ride = await postRide(customer);
    expect(ride.offeredPrice).toBeNull();
    await offerRide(env, ride.id, driver.user.id);
    const noPrice = await call(env.app, 'POST', `/api/rides/${ride.id}/bids`, {
      token: driver.accessToken,
      body: { etaMinutes: 12 },
    });
    expect(noPrice.status).toBe(400);
    expect(noPrice.body.error.code).toBe('VALIDATION_FAILED');
    const tooLow = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
        dropoff: { lat: 36.85, lng: 10.2, address: 'La Marsa' },
        vehicleType: 'SMALL_VAN',
        cargo: { description: 'Cartons', weightKg: 200 },
        offeredPrice: 10,
      },
    });
    expect(tooLow.status).toBe(400);
  });

  it('flags bids far outside the ride’s band for the customer', async () => {
    const customer = await registerCustomer(env);
    const drivers = await Promise.all([1, 2, 3].map(() => registerDriver(env, { verified: true })));
    const ride = await postRide(customer);
    const { low, high } = ride.priceBand as { low: number; high: number };
    await offerRide(env, ride.id, ...drivers.map((d) => d.user.id));
    const [cheap, fair, dear] = drivers as [TestAccount, TestAccount, TestAccount];
    const lowBid = await placeBid(env, cheap, ride.id, { price: Math.floor(low * 0.5), etaMinutes: 10 });
    expect(lowBid).toMatchObject({ priceFlag: 'LOW' });
    await placeBid(env, fair, ride.id, { price: Math.round((low + high) / 2), etaMinutes: 10 });
    await placeBid(env, dear, ride.id, { price: high * 2, etaMinutes: 10 });
    const listed = await call(env.app, 'GET', `/api/rides/${ride.id}/bids`, { token: customer.accessToken });
    const flags = listed.body.items.map((b: { driverId: string; priceFlag: string | null }) => [
      b.driverId,
      b.priceFlag,
    ]);
    expect(flags).toEqual([
      [cheap.user.id, 'LOW'],
      [fair.user.id, null],
      [dear.user.id, 'HIGH'],
    ]);
    // The listing's driver card: first name, vehicle with plate, rides completed — and no phone.
    expect(listed.body.items[0].driver).toMatchObject({
      firstName: 'Test',
      vehicle: { type: 'SMALL_VAN', plate: '123 TU 4567' },
      ridesCompleted: 0,
    });
    expect(JSON.stringify(listed.body)).not.toContain(cheap.phone);
  });

  it('keeps the band stored on the ride: what the driver saw is what bids are flagged against', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const ride = await postRide(customer);
    await env.database.db
      .update(rides)
      .set({ priceBandLow: 100_000, priceBandHigh: 120_000 })
      .where(eq(rides.id, ride.id));
    await offerRide(env, ride.id, driver.user.id);
    expect(await placeBid(env, driver, ride.id, { price: 40_000, etaMinutes: 10 })).toMatchObject({
      priceFlag: 'LOW',
    });
  });
});
