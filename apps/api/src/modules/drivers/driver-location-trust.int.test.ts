import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goOnlineAt, loginAdmin, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { northOf, TUNIS } from '#test/ride-fixtures';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { DriverGeoIndex } from './driver-geo-index';

// DriverLocationService trusts a driver's state this long (DRIVER_STATE_TTL_MS) before reading Postgres again.
const TRUST_WINDOW_MS = 5_000;

/**
 * POST /api/drivers/me/location trusts the driver's state for a few seconds instead of reading Postgres on
 * every report; these say how long a change of that state may go unnoticed.
 */
describe('driver location reports over HTTP, with the driver state trusted for a few seconds', () => {
  let env: TestEnvironment;
  let other: AppInstance;
  let geo: DriverGeoIndex;

  beforeAll(async () => {
    env = await createTestEnvironment();
    other = await env.startInstance();
    geo = new DriverGeoIndex(env.redis, env.redisPrefix, 120_000);
  });
  afterAll(async () => env?.close());

  const report = (driver: TestAccount, at: { lat: number; lng: number }) =>
    call(env.app, 'POST', '/api/drivers/me/location', { token: driver.accessToken, body: at });
  const isSearchable = async (driver: TestAccount) =>
    (await geo.searchFresh('SMALL_VAN', TUNIS, 10, 100)).some((d) => d.driverId === driver.user.id);

  it('keeps a driver who went offline on another instance out of the search from the very next report', async () => {
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, northOf(TUNIS, 1));
    expect(await isSearchable(driver)).toBe(true);

    const offline = await call(other.app, 'PATCH', '/api/drivers/me/availability', {
      token: driver.accessToken,
      body: { online: false },
    });
    expect(offline.status).toBe(200);
    // Well inside the trust window: this instance still holds the driver's "online" state.
    expect((await report(driver, northOf(TUNIS, 2))).status).toBe(200);
    expect(await isSearchable(driver)).toBe(false);
    expect(await env.redis.geopos(`${env.redisPrefix}geo:drivers:SMALL_VAN`, driver.user.id)).toEqual([null]);
  });

  it('refuses the positions of a driver deactivated behind its back within the trust window', async () => {
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, northOf(TUNIS, 1));
    // Deactivated without cutting the driver's tokens off, so only the state read can notice.
    await env.database.db.update(drivers).set({ isDeactivated: true }).where(eq(drivers.id, driver.user.id));
    const changedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - changedAt < TRUST_WINDOW_MS + 2_000) {
      status = (await report(driver, northOf(TUNIS, 1))).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(403);
    expect(Date.now() - changedAt).toBeLessThanOrEqual(TRUST_WINDOW_MS + 1_000);
  });

  it('refuses a driver suspended by an admin at once, whatever this instance trusted', async () => {
    const admin = await loginAdmin(env);
    const driver = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, driver, northOf(TUNIS, 1));
    const suspended = await call(other.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'Documents expired' },
    });
    expect(suspended.status).toBe(200);
    const refused = await report(driver, northOf(TUNIS, 2));
    // Refused by the token check (the suspension cut the driver's tokens off), before any state is looked at.
    expect(refused.body.error.code).toBe('ACCOUNT_DEACTIVATED');
  });
});
