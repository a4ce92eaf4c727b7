import { rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, recordEvents } from '#test/realtime-client';
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

const TUNIS = { lat: 36.8065, lng: 10.1815 };
const ARIANA = { lat: 36.8625, lng: 10.1956 };
const BEN_AROUS = { lat: 36.7531, lng: 10.2189 };

const report = (driver: TestAccount, body: Record<string, unknown>) =>
  call(env.app, 'POST', '/api/drivers/me/location', { token: driver.accessToken, body });

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Where dispatch would look for the driver (the live index). */
async function indexedAt(driverId: string) {
  const [position] = await env.redis.geopos(`${env.redisPrefix}geo:drivers:SMALL_VAN`, driverId);
  return position ? { lng: Number(position[0]), lat: Number(position[1]) } : null;
}

/** An online driver holding a ride whose customer follows the room. */
async function driverOnRide() {
  const customer = await registerCustomer(env);
  const driver = await registerDriver(env, { verified: true });
  const rideId = await insertRide(env, { customerId: customer.user.id });
  await offerRide(env, rideId, driver.user.id);
  const bid = await placeBid(env, driver, rideId);
  expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
  const online = await call(env.app, 'PATCH', '/api/drivers/me/availability', {
    token: driver.accessToken,
    body: { online: true },
  });
  expect(online.status).toBe(200);
  const socket = await connectSocket(baseUrl, customer.accessToken);
  sockets.push(socket);
  return { driver, seen: recordEvents(socket, 'driver:location') };
}

describe('positions replayed after being offline', () => {
  it('takes queued fixes in order, then never moves the driver back to an older one', async () => {
    const { driver, seen } = await driverOnRide();
    // Offline for three minutes: the phone kept two fixes and sends them on reconnecting, oldest first.
    expect((await report(driver, { ...TUNIS, recordedAt: ago(180_000) })).body.stale).toBeUndefined();
    expect((await report(driver, { ...ARIANA, recordedAt: ago(120_000) })).body.stale).toBeUndefined();
    // Live again.
    const live = await report(driver, BEN_AROUS);
    expect(live.status).toBe(200);

    // A copy of an old fix arrives late (a retry of a request that timed out): it changes nothing.
    const late = await report(driver, { ...ARIANA, recordedAt: ago(120_000) });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ stale: true, activeRideId: null });

    const at = await indexedAt(driver.user.id);
    expect(at?.lat).toBeCloseTo(BEN_AROUS.lat, 3);
    expect(at?.lng).toBeCloseTo(BEN_AROUS.lng, 3);
    await expect.poll(() => seen.length).toBe(3);
    expect(seen.map((p) => p.lat)).toEqual([TUNIS.lat, ARIANA.lat, BEN_AROUS.lat]);
  });

  it('never moves the driver back to a replayed fix older than a live one sent over the socket', async () => {
    const { driver, seen } = await driverOnRide();
    const socket = await connectSocket(baseUrl, driver.accessToken);
    sockets.push(socket);
    expect(await socket.emitWithAck('driver:location', BEN_AROUS)).toEqual({ ok: true });

    // The phone's queue, sent over HTTP after the socket came back, holds a fix from a minute ago.
    const late = await report(driver, { ...ARIANA, recordedAt: ago(60_000) });
    expect(late.body).toMatchObject({ stale: true, activeRideId: null });
    expect((await indexedAt(driver.user.id))?.lat).toBeCloseTo(BEN_AROUS.lat, 3);
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]?.lat).toBe(BEN_AROUS.lat);
  });

  it('answers each of many drivers reporting in the same instant with their own ride', async () => {
    const drivers = await Promise.all([driverOnRide(), driverOnRide(), driverOnRide()]);
    // The state reads behind these reports go to Postgres as one statement (tick-batch.ts).
    const answers = await Promise.all(drivers.map(({ driver }) => report(driver, TUNIS)));
    const rideIds = answers.map((a) => a.body.activeRideId);
    expect(new Set(rideIds).size).toBe(3);
    for (const [i, { driver }] of drivers.entries()) {
      const [held] = await env.database.db
        .select({ id: rides.id })
        .from(rides)
        .where(eq(rides.driverId, driver.user.id));
      expect(rideIds[i]).toBe(held?.id);
    }
  });

  it('takes a fix stamped in the future (a phone clock ahead) as taken now', async () => {
    const { driver } = await driverOnRide();
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    expect((await report(driver, { ...TUNIS, recordedAt: ahead })).body.stale).toBeUndefined();
    // A fix from a second later than now still counts: the future stamp did not block the next hour.
    expect((await report(driver, ARIANA)).body.stale).toBeUndefined();
    expect((await indexedAt(driver.user.id))?.lat).toBeCloseTo(ARIANA.lat, 3);
  });

  it('refuses a recordedAt that is not a timestamp', async () => {
    const { driver } = await driverOnRide();
    const response = await report(driver, { ...TUNIS, recordedAt: 'yesterday' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });
});
