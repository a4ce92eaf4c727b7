import type { UserProfile } from '@truck4u/contracts';
import { customers, driverDocuments, drivers } from '@truck4u/database';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAllDocuments, insertApprovedDocuments } from '#test/document-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { runJobsInProcess } from '#test/in-process-worker';
import { completedRide } from '#test/payment-fixtures';
import { startCountingProxy } from '#test/redis-command-counter';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { DOCUMENTS_QUEUE } from '../documents/documents.jobs';
import { DRIVERS_QUEUE } from '../drivers/drivers.jobs';
import { PROFILE_CACHE } from './profile-cache';

type Profile = UserProfile & Record<string, unknown>;

let env: TestEnvironment;
let admin: TestAccount;
const workers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  // The document sweep every second, in this process as the worker runs it, so an expiry lands within the test.
  env = await createTestEnvironment({ DOCUMENT_SWEEP_EVERY_MS: '1000' });
  workers.push(await runJobsInProcess(env, [DOCUMENTS_QUEUE]));
  admin = await loginAdmin(env);
});

afterAll(async () => {
  for (const worker of workers) await worker.close();
  await env?.close();
});

const me = (account: TestAccount, app = env.app) =>
  call<Profile>(app, 'GET', '/api/me', { token: account.accessToken });

/** Reads the account's profile (filling the cache) and checks the read was answered. */
async function warm(account: TestAccount, app = env.app): Promise<Profile> {
  const response = await me(account, app);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const cacheKey = (role: string, id: string) =>
  `${env.redisPrefix}cache:${PROFILE_CACHE.name}:v${PROFILE_CACHE.version}:${role}:${id}`;

const setAvailability = async (driver: TestAccount, online: boolean) => {
  const response = await call(env.app, 'PATCH', '/api/drivers/me/availability', {
    token: driver.accessToken,
    body: { online },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
};

function counter(text: string, name: string, cache: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{cache="${cache}"}`));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('the profile cache behind GET /api/me', () => {
  it('answers every role from the cache, without Postgres: a row changed behind the api’s back is not seen', async () => {
    const customer = await registerCustomer(env, { name: 'Amira Trabelsi' });
    const first = await warm(customer);
    expect(await env.redis.exists(cacheKey('customer', customer.user.id))).toBe(1);
    // Not a write path of the api: only a read that never reaches Postgres still shows the old name.
    await env.database.db
      .update(customers)
      .set({ name: 'changed by hand' })
      .where(eq(customers.id, customer.user.id));
    expect(await warm(customer)).toEqual(first);

    const driver = await registerDriver(env, { verified: true });
    const admin2 = await loginAdmin(env);
    for (const [role, account] of [
      ['driver', driver],
      ['admin', admin2],
    ] as const) {
      const profile = await warm(account);
      expect(profile).toMatchObject({ id: account.user.id, role });
      expect(await env.redis.exists(cacheKey(role, account.user.id))).toBe(1);
      expect(await warm(account)).toEqual(profile);
    }
  });

  it('shows a driver going online and offline at once, on every api instance', async () => {
    const other = await env.startInstance();
    const driver = await registerDriver(env, { verified: true });
    expect((await warm(driver)).isOnline).toBe(false);
    expect((await warm(driver, other.app)).isOnline).toBe(false);
    await setAvailability(driver, true);
    expect((await warm(driver, other.app)).isOnline).toBe(true);
    expect((await warm(driver)).isOnline).toBe(true);
    await setAvailability(driver, false);
    expect((await warm(driver, other.app)).isOnline).toBe(false);
    expect((await warm(driver)).isOnline).toBe(false);
  });

  it('shows an admin’s verification decisions: approved, then rejected (which also takes them offline)', async () => {
    const driver = await registerDriver(env);
    expect((await warm(driver)).verificationStatus).toBe('PENDING_VERIFICATION');
    await insertApprovedDocuments(env, driver.user.id);
    const verify = (body: unknown) =>
      call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/verify`, {
        token: admin.accessToken,
        body,
      });

    const approved = await verify({ approved: true });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((await warm(driver)).verificationStatus).toBe('VERIFIED');
    await setAvailability(driver, true);
    expect((await warm(driver)).isOnline).toBe(true);

    const rejected = await verify({ approved: false, reason: 'licence photo unreadable' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(await warm(driver)).toMatchObject({ verificationStatus: 'REJECTED', isOnline: false });
  });

  it('shows the driver verified once an admin approves their last document', async () => {
    const driver = await registerDriver(env);
    expect((await warm(driver)).verificationStatus).toBe('PENDING_VERIFICATION');
    await approveAllDocuments(env, driver, admin);
    expect((await warm(driver)).verificationStatus).toBe('VERIFIED');
  });

  it('drops a suspended driver’s profile, refuses their cached token, and shows them active and offline after activation', async () => {
    const driver = await registerDriver(env, { verified: true });
    await setAvailability(driver, true);
    expect(await warm(driver)).toMatchObject({ isOnline: true, isDeactivated: false });

    const suspended = await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'fraud report' },
    });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect(await env.redis.exists(cacheKey('driver', driver.user.id))).toBe(0);
    const refused = await me(driver);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'ACCOUNT_DEACTIVATED' } });

    const activated = await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/activate`, {
      token: admin.accessToken,
    });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    const login = await call<TestAccount>(env.app, 'POST', '/api/auth/login', {
      body: { role: 'driver', phone: driver.phone, password: driver.password },
    });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const again = { ...driver, accessToken: login.body.accessToken };
    expect(await warm(again)).toMatchObject({ isOnline: false, isDeactivated: false });
  });

  it('shows the driver’s new rating once a customer rates them', async () => {
    const ride = await completedRide(env);
    expect(await warm(ride.driver)).toMatchObject({ rating: null, ratingCount: 0 });
    const rated = await call(env.app, 'POST', `/api/rides/${ride.rideId}/rating`, {
      token: ride.customer.accessToken,
      body: { score: 4, criteria: { punctuality: 4, care: 4, communication: 4 } },
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect(await warm(ride.driver)).toMatchObject({ rating: 4, ratingCount: 1 });
  });

  it('shows the worker’s document sweep taking a driver with an expired approved document offline', async () => {
    const driver = await registerDriver(env, { verified: true });
    await insertApprovedDocuments(env, driver.user.id);
    await setAvailability(driver, true);
    expect((await warm(driver)).isOnline).toBe(true);
    await env.database.db
      .update(driverDocuments)
      .set({ expiresAt: '2020-01-01' })
      .where(and(eq(driverDocuments.driverId, driver.user.id), eq(driverDocuments.kind, 'INSURANCE')));
    // The cached profile lives 300 s: only the sweep's invalidation can show the change within seconds.
    await expect
      .poll(async () => (await warm(driver)).isOnline, { timeout: 10_000, interval: 200 })
      .toBe(false);
    const [row] = await env.database.db
      .select({ isOnline: drivers.isOnline })
      .from(drivers)
      .where(eq(drivers.id, driver.user.id));
    expect(row?.isOnline).toBe(false);
  });

  it('refuses a revoked token even while the profile is cached', async () => {
    const customer = await registerCustomer(env);
    await warm(customer);
    await warm(customer);
    const out = await call(env.app, 'POST', '/api/auth/logout', { token: customer.accessToken, body: {} });
    expect(out.status).toBe(204);
    const refused = await me(customer);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'TOKEN_REVOKED' } });
  });

  it('never answers one account with another’s profile', async () => {
    const customer = await registerCustomer(env, { name: 'First Customer' });
    const driver = await registerDriver(env, { verified: true, name: 'First Driver' });
    await warm(customer);
    await warm(driver);
    const otherCustomer = await registerCustomer(env, { name: 'Second Customer' });
    expect(await warm(otherCustomer)).toMatchObject({ id: otherCustomer.user.id, name: 'Second Customer' });
    expect(await warm(customer)).toMatchObject({ id: customer.user.id, role: 'customer' });
    expect(await warm(driver)).toMatchObject({ id: driver.user.id, role: 'driver' });
    const forged = await call(env.app, 'GET', '/api/me', { token: `${customer.accessToken.slice(0, -2)}xx` });
    expect(forged.status).toBe(401);
  });

  it('counts hits and misses under cache="profile" on /metrics', async () => {
    const scrape = async () => (await env.app.inject({ method: 'GET', url: '/metrics' })).body;
    const customer = await registerCustomer(env);
    const before = await scrape();
    await warm(customer);
    await warm(customer);
    await warm(customer);
    const after = await scrape();
    const delta = (name: string) => counter(after, name, 'profile') - counter(before, name, 'profile');
    expect(delta('cache_misses_total')).toBe(1);
    expect(delta('cache_hits_total')).toBe(2);
  });

  it('answers a cached read in one Redis command: the revocation check’s MGET carries the profile’s keys', async () => {
    const proxy = await startCountingProxy(env.config.redis.url);
    try {
      const instance = await env.startInstance({ REDIS_URL: proxy.url });
      const driver = await registerDriver(env, { verified: true });
      const read = () => me(driver, instance.app);
      // The Socket.io adapter polls its stream on connections of its own all along: not the request's.
      const sentSince = (before: number) => proxy.commands.slice(before).filter((name) => name !== 'xread');
      // Until the new instance has copied the blacklist into its connection, checks go to Postgres.
      await expect
        .poll(async () => {
          const before = proxy.commands.length;
          expect((await read()).status).toBe(200);
          return sentSince(before);
        })
        .toEqual(['mget']);
      const logout = await call(env.app, 'POST', '/api/auth/logout', { token: driver.accessToken, body: {} });
      expect(logout.status).toBe(204);
      const before = proxy.commands.length;
      const refused = await read();
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'TOKEN_REVOKED' } });
      expect(sentSince(before)).toEqual(['mget']);
    } finally {
      await proxy.close();
    }
  });
});

describe('the profile cache and the presence sweep', () => {
  let sweepEnv: TestEnvironment;
  const sweepWorkers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    sweepEnv = await createTestEnvironment({ DRIVER_PRESENCE_TTL_MS: '1500' });
    sweepWorkers.push(await runJobsInProcess(sweepEnv, [DRIVERS_QUEUE]));
  });

  afterAll(async () => {
    for (const worker of sweepWorkers) await worker.close();
    await sweepEnv?.close();
  });

  it('shows a silent driver offline once the worker’s sweep puts them offline', async () => {
    const driver = await registerDriver(sweepEnv, { verified: true });
    const online = await call(sweepEnv.app, 'PATCH', '/api/drivers/me/availability', {
      token: driver.accessToken,
      body: { online: true },
    });
    expect(online.status, JSON.stringify(online.body)).toBe(200);
    const read = async () => {
      const response = await call<Profile>(sweepEnv.app, 'GET', '/api/me', { token: driver.accessToken });
      expect(response.status).toBe(200);
      return response.body.isOnline;
    };
    expect(await read()).toBe(true);
    // No position follows: the sweep puts them offline after the 1.5 s TTL; the cached profile lives 300 s.
    await expect.poll(read, { timeout: 10_000, interval: 200 }).toBe(false);
  });
});
