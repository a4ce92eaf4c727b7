import type { Ride } from '@truck4u/contracts';
import { rideNotifications, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useDispatchStack } from '#test/dispatch-stack';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { eventually, recordEvents } from '#test/realtime-client';
import { insertRide, northOf } from '#test/ride-fixtures';
import { dispatchJobId } from './dispatch.jobs';
import type { DispatchQueue } from './dispatch.queue';

const MONASTIR = { lat: 35.7643, lng: 10.8113 };
const KAIROUAN = { lat: 35.6781, lng: 10.0963 };
const SOUSSE = { lat: 35.8256, lng: 10.6084 };
const FAVOURITES_WINDOW_MS = 1_500;
// Far longer than the favourites' window, so waiting a circle's window by mistake shows.
const BID_WINDOW_MS = 5_000;
// What a step takes on this slow, shared machine, on top of the windows it waits.
const SLACK_MS = 2_000;

describe('favourites-first dispatch', () => {
  const stack = useDispatchStack({
    DISPATCH_RADII_KM: '5,10',
    DISPATCH_BID_WINDOW_MS: String(BID_WINDOW_MS),
    FAVOURITES_WINDOW_MS: String(FAVOURITES_WINDOW_MS),
  });

  /** A verified driver online at `at` with a socket recording their ride requests. */
  async function onlineDriver(at: { lat: number; lng: number }) {
    const driver = await registerDriver(stack.env, { verified: true });
    await goOnlineAt(stack.env.app, driver, at);
    const socket = await stack.connect(driver);
    return { driver, requests: recordEvents(socket, 'ride:request') };
  }

  /** Makes `driver` one of the customer's favourites: a ride done together, then the PUT. */
  async function favourite(customer: TestAccount, driver: TestAccount) {
    await insertRide(stack.env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'COMPLETED',
    });
    const put = await call(stack.env.app, 'PUT', `/api/customers/me/favourite-drivers/${driver.user.id}`, {
      token: customer.accessToken,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
  }

  function postRide(customer: TestAccount, pickup: { lat: number; lng: number }, favouritesFirst: boolean) {
    return call<Ride>(stack.env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...pickup, address: 'Point de chargement' },
        dropoff: { ...northOf(pickup, 15), address: 'Point de livraison' },
        vehicleType: 'SMALL_VAN',
        cargo: { description: 'Cartons', weightKg: 200 },
        favouritesFirst,
      },
    });
  }

  const notificationsOf = (rideId: string) =>
    stack.env.database.db
      .select({ driverId: rideNotifications.driverId })
      .from(rideNotifications)
      .where(eq(rideNotifications.rideId, rideId));

  it('offers the ride to favourites first, at any distance up to the largest radius, and to others only after the window', async () => {
    const customer = await registerCustomer(stack.env);
    // The favourite is beyond the first circle (5 km) but within the largest (10 km); the other favourite
    // is beyond every circle and is never asked. The nearby driver is not a favourite.
    const fav = await onlineDriver(northOf(MONASTIR, 8));
    const farFav = await onlineDriver(northOf(MONASTIR, 30));
    const nearby = await onlineDriver(northOf(MONASTIR, 1));
    await favourite(customer, fav.driver);
    await favourite(customer, farFav.driver);

    const postedAt = Date.now();
    const posted = await postRide(customer, MONASTIR, true);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const rideId = posted.body.id;

    await eventually(() => expect(fav.requests.map((r) => r.ride.id)).toEqual([rideId]));
    // Well inside the favourites' window nobody else has been asked.
    await new Promise((resolve) => setTimeout(resolve, FAVOURITES_WINDOW_MS / 2));
    expect(nearby.requests).toEqual([]);
    expect((await notificationsOf(rideId)).map((n) => n.driverId)).toEqual([fav.driver.user.id]);

    // Then the circles begin: the nearby driver is asked, the favourite is not asked twice.
    await eventually(() => expect(nearby.requests.map((r) => r.ride.id)).toEqual([rideId]), 8_000);
    expect(Date.now() - postedAt).toBeGreaterThanOrEqual(FAVOURITES_WINDOW_MS);
    expect(Date.now() - postedAt).toBeLessThan(FAVOURITES_WINDOW_MS + SLACK_MS);
    // A while later: still one request each, and never the far favourite.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fav.requests).toHaveLength(1);
    expect(nearby.requests).toHaveLength(1);
    expect(farFav.requests).toEqual([]);

    // The phase has its own job ids, so the circles' step 0 was a separate job.
    const queue = (stack.env.app.dispatch as DispatchQueue).bullQueue;
    const phase = await queue.getJob(
      dispatchJobId('dispatch-step', { rideId, round: 0, step: 0, phase: 'favourites' }),
    );
    const circles = await queue.getJob(dispatchJobId('dispatch-step', { rideId, round: 0, step: 0 }));
    expect(phase).toBeDefined();
    expect(circles).toBeDefined();
  });

  it('asks the other drivers when the window ends even though a favourite bid within it', async () => {
    const customer = await registerCustomer(stack.env);
    const fav = await onlineDriver(northOf(KAIROUAN, 3));
    const nearby = await onlineDriver(northOf(KAIROUAN, 1));
    await favourite(customer, fav.driver);
    const postedAt = Date.now();
    const posted = await postRide(customer, KAIROUAN, true);
    const rideId = posted.body.id;
    await eventually(() => expect(fav.requests).toHaveLength(1));
    const bid = await call(stack.env.app, 'POST', `/api/rides/${rideId}/bids`, {
      token: fav.driver.accessToken,
      body: { price: 50_000, etaMinutes: 10 },
    });
    expect(bid.status, JSON.stringify(bid.body)).toBe(201);
    // The favourite's head start is the window, no more: their live bid competes with the others'.
    await eventually(() => expect(nearby.requests.map((r) => r.ride.id)).toEqual([rideId]), 8_000);
    expect(Date.now() - postedAt).toBeGreaterThanOrEqual(FAVOURITES_WINDOW_MS);
    expect(Date.now() - postedAt).toBeLessThan(FAVOURITES_WINDOW_MS + SLACK_MS);
  });

  it('widens past a first circle holding only the favourite without waiting a bid window for them', async () => {
    const customer = await registerCustomer(stack.env);
    // The favourite is in the first circle; the only other driver is in the second.
    const fav = await onlineDriver(northOf(SOUSSE, 3));
    const outer = await onlineDriver(northOf(SOUSSE, 8));
    await favourite(customer, fav.driver);
    const postedAt = Date.now();
    const posted = await postRide(customer, SOUSSE, true);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    await eventually(() => expect(fav.requests).toHaveLength(1));
    // Step 0 asks nobody new (the favourite was asked by the phase), so step 1 follows at once.
    await eventually(() => expect(outer.requests.map((r) => r.ride.id)).toEqual([posted.body.id]), 8_000);
    expect(Date.now() - postedAt).toBeLessThan(FAVOURITES_WINDOW_MS + SLACK_MS);
    expect(fav.requests).toHaveLength(1);
  });

  it('goes straight to the circles when no favourite can take the ride', async () => {
    const customer = await registerCustomer(stack.env);
    const at = northOf(KAIROUAN, -40);
    const nearby = await onlineDriver(northOf(at, 1));
    const postedAt = Date.now();
    const posted = await postRide(customer, at, true);
    expect(posted.status).toBe(201);
    await eventually(() => expect(nearby.requests).toHaveLength(1));
    expect(Date.now() - postedAt).toBeLessThan(FAVOURITES_WINDOW_MS);
    const [row] = await stack.env.database.db.select().from(rides).where(eq(rides.id, posted.body.id));
    expect(row?.favouritesFirst).toBe(true);
  });
});
