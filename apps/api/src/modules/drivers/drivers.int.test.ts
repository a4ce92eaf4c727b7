import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, listen, nextEvent } from '#test/realtime-client';
import { insertRide, northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { DriverGeoIndex } from './driver-geo-index';

describe('driver presence', () => {
  let env: TestEnvironment;
  let geo: DriverGeoIndex;

  beforeAll(async () => {
    env = await createTestEnvironment();
    geo = new DriverGeoIndex(env.redis, env.redisPrefix, 120_000);
  });
  afterAll(async () => env?.close());

  const goOnline = (token: string, online = true) =>
    call<{ online: boolean }>(env.app, 'PATCH', '/api/drivers/me/availability', { token, body: { online } });
  const report = (token: string, body: unknown) =>
    call<{ at: string; activeRideId: string | null }>(env.app, 'POST', '/api/drivers/me/location', {
      token,
      body,
    });

  it('lets only verified, active drivers go online', async () => {
    const pending = await registerDriver(env);
    expect((await goOnline(pending.accessToken)).status).toBe(403);
    const customer = await registerCustomer(env);
    expect((await goOnline(customer.accessToken)).status).toBe(403);
    expect(
      (await call(env.app, 'PATCH', '/api/drivers/me/availability', { body: { online: true } })).status,
    ).toBe(401);

    const verified = await registerDriver(env, { verified: true });
    expect((await goOnline(verified.accessToken, 'yes' as never)).status).toBe(400);
    const response = await goOnline(verified.accessToken);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ online: true });
    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, verified.user.id));
    expect(row?.isOnline).toBe(true);
  });

  it('indexes an online driver by vehicle type, and forgets them when they go offline', async () => {
    const driver = await registerDriver(env, { verified: true, vehicleType: 'BOX_TRUCK' });
    await goOnline(driver.accessToken);
    const at = northOf(TUNIS, 1);
    expect((await report(driver.accessToken, at)).status).toBe(200);
    expect(await env.redis.geopos(`${env.redisPrefix}geo:drivers:BOX_TRUCK`, driver.user.id)).toHaveLength(1);
    const found = await geo.searchFresh('BOX_TRUCK', TUNIS, 5, 10);
    expect(found.map((d) => d.driverId)).toContain(driver.user.id);
    expect(found.find((d) => d.driverId === driver.user.id)?.distanceMeters).toBeGreaterThan(900);
    expect(await geo.searchFresh('SMALL_VAN', TUNIS, 5, 10)).not.toContainEqual(
      expect.objectContaining({ driverId: driver.user.id }),
    );

    expect((await goOnline(driver.accessToken, false)).status).toBe(200);
    expect(await geo.searchFresh('BOX_TRUCK', TUNIS, 5, 10)).toEqual([]);
    expect(await env.redis.zscore(geo.seenKey, driver.user.id)).toBeNull();
  });

  it('does not count positions older than the freshness window, and prunes them', async () => {
    const driver = await registerDriver(env, { verified: true, vehicleType: 'FLATBED' });
    await goOnline(driver.accessToken);
    await report(driver.accessToken, TUNIS);
    expect(await geo.searchFresh('FLATBED', TUNIS, 5, 10)).toHaveLength(1);
    await env.redis.zadd(geo.seenKey, Date.now() - 121_000, driver.user.id);
    expect(await geo.searchFresh('FLATBED', TUNIS, 5, 10)).toEqual([]);
    expect(await env.redis.geopos(geo.geoKey('FLATBED'), driver.user.id)).toEqual([null]);
  });

  it('refuses positions outside Tunisia or malformed, and writes nothing', async () => {
    const driver = await registerDriver(env, { verified: true });
    await goOnline(driver.accessToken);
    for (const body of [
      { lat: 48.85, lng: 2.35 },
      { lat: 36.8, lng: 200 },
      { lat: '36.8', lng: 10.1 },
      { lat: 36.8, lng: 10.1, speedKmh: -5 },
      {},
    ]) {
      const response = await report(driver.accessToken, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    // Going online marks the driver seen (the presence TTL starts), but no position entered the index.
    expect(await env.redis.geopos(geo.geoKey('SMALL_VAN'), driver.user.id)).toEqual([null]);
    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(row?.lastLat).toBeNull();
  });

  it('writes the last position to Postgres at most once per period', async () => {
    const driver = await registerDriver(env, { verified: true });
    await goOnline(driver.accessToken);
    await report(driver.accessToken, { lat: 36.81, lng: 10.17 });
    await report(driver.accessToken, { lat: 36.82, lng: 10.17 });
    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(row?.lastLat).toBe(36.81);
    expect(row?.lastLocationAt).toBeInstanceOf(Date);
  });

  it("forwards a driver's position to the room of the ride they hold, and only that one", async () => {
    const url = await listen(env.app);
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const other = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'DRIVER_ARRIVING',
    });
    const customerSocket = await connectSocket(url, customer.accessToken);
    const driverSocket = await connectSocket(url, driver.accessToken);
    const otherSocket = await connectSocket(url, other.accessToken);
    try {
      // The unrelated driver can neither join the room nor reach it with positions.
      expect(await otherSocket.emitWithAck('ride:join', { rideId })).toEqual({
        ok: false,
        error: 'NOT_FOUND',
      });
      const positions: unknown[] = [];
      customerSocket.on('driver:location', (p) => positions.push(p));
      expect(await otherSocket.emitWithAck('driver:location', { lat: 36.9, lng: 10.2 })).toEqual({
        ok: true,
      });

      const received = nextEvent(customerSocket, 'driver:location');
      expect(
        await driverSocket.emitWithAck('driver:location', { lat: 36.805, lng: 10.181, heading: 90 }),
      ).toEqual({
        ok: true,
      });
      expect(await received).toMatchObject({
        rideId,
        driverId: driver.user.id,
        lat: 36.805,
        lng: 10.181,
        heading: 90,
      });
      expect(positions).toHaveLength(1);

      // Over HTTP too.
      const viaHttp = nextEvent(customerSocket, 'driver:location');
      const response = await report(driver.accessToken, { lat: 36.806, lng: 10.182 });
      expect(response.body.activeRideId).toBe(rideId);
      expect(await viaHttp).toMatchObject({ lat: 36.806 });

      expect(await driverSocket.emitWithAck('driver:location', { lat: 1, lng: 1 })).toEqual({
        ok: false,
        error: 'VALIDATION_FAILED',
      });
    } finally {
      customerSocket.close();
      driverSocket.close();
      otherSocket.close();
    }
  });

  it('rate-limits client events per socket', async () => {
    const url = await listen(env.app);
    const driver = await registerDriver(env, { verified: true });
    const socket = await connectSocket(url, driver.accessToken);
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, () => socket.emitWithAck('driver:location', { lat: 36.8, lng: 10.18 })),
      );
      expect(results.filter((r) => r.error === 'RATE_LIMITED').length).toBeGreaterThan(10);
      expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(20);
    } finally {
      socket.close();
    }
  });
});
