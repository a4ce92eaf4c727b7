import type { AdminDriver, AdminStats } from '@truck4u/contracts';
import { drivers, driverVerificationAudit, rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApprovedDocuments } from '#test/document-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide, northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { recordNotifications } from '../dispatch/dispatch.repository';

// The body is either a page or the error envelope.
type DriverPageOrError = {
  items: AdminDriver[];
  nextCursor?: string;
  error: { code: string; message: string };
};

let env: TestEnvironment;
let admin: TestAccount;

beforeAll(async () => {
  env = await createTestEnvironment();
  admin = await loginAdmin(env);
});
afterAll(async () => env?.close());

const verify = (driverId: string, body: unknown, token = admin.accessToken) =>
  call(env.app, 'PATCH', `/api/admin/drivers/${driverId}/verify`, { token, body });
const list = (query: string, token = admin.accessToken) =>
  call<DriverPageOrError>(env.app, 'GET', `/api/admin/drivers?${query}`, { token });
const goOnline = (driver: TestAccount) =>
  call(env.app, 'PATCH', '/api/drivers/me/availability', {
    token: driver.accessToken,
    body: { online: true },
  });
const auditOf = (driverId: string) =>
  env.database.db
    .select()
    .from(driverVerificationAudit)
    .where(eq(driverVerificationAudit.driverId, driverId))
    .orderBy(driverVerificationAudit.id);
const rowOf = async (driverId: string) =>
  (await env.database.db.select().from(drivers).where(eq(drivers.id, driverId)))[0];

describe('admin driver verification', () => {
  it('is for admins only', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env);
    for (const token of [customer.accessToken, driver.accessToken]) {
      expect((await list('', token)).body.error.code).toBe('FORBIDDEN');
      const attempt = await verify(driver.user.id, { approved: true }, token);
      expect(attempt.status).toBe(403);
      expect((await call(env.app, 'GET', '/api/admin/stats', { token })).status).toBe(403);
    }
    expect((await call(env.app, 'GET', '/api/admin/drivers')).status).toBe(401);
    expect((await call(env.app, 'GET', '/api/admin/stats')).status).toBe(401);
    expect(
      (
        await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/verify`, {
          body: { approved: true },
        })
      ).status,
    ).toBe(401);
    expect((await rowOf(driver.user.id))?.verificationStatus).toBe('PENDING_VERIFICATION');
  });

  it('keeps a new driver offline until an admin verifies them, and records who did it', async () => {
    const driver = await registerDriver(env);
    expect(driver.user).toMatchObject({ verificationStatus: 'PENDING_VERIFICATION' });
    const refused = await goOnline(driver);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'DRIVER_NOT_VERIFIED',
      details: { verificationStatus: 'PENDING_VERIFICATION' },
    });

    // The verify route approves only a driver whose five documents are approved (docs/DRIVER-DOCUMENTS.md).
    await insertApprovedDocuments(env, driver.user.id);
    const approved = await verify(driver.user.id, { approved: true });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id: driver.user.id,
      verificationStatus: 'VERIFIED',
      verifiedBy: admin.user.id,
      verificationReason: null,
    });
    expect(Date.now() - Date.parse(approved.body.verifiedAt ?? '')).toBeLessThan(60_000);
    expect((await goOnline(driver)).status).toBe(200);
    expect(await auditOf(driver.user.id)).toMatchObject([
      { adminId: admin.user.id, fromStatus: 'PENDING_VERIFICATION', toStatus: 'VERIFIED', reason: null },
    ]);
  });

  it('refuses a rejection without a reason and changes nothing', async () => {
    const driver = await registerDriver(env);
    for (const body of [{ approved: false }, { approved: false, reason: '   ' }]) {
      const response = await verify(driver.user.id, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details.issues).toContainEqual(
        expect.objectContaining({ path: 'body.reason' }),
      );
    }
    const row = await rowOf(driver.user.id);
    expect(row).toMatchObject({ verificationStatus: 'PENDING_VERIFICATION', verifiedBy: null });
    expect(await auditOf(driver.user.id)).toEqual([]);
  });

  it('rejects with a reason: the driver cannot go online and is told why', async () => {
    const driver = await registerDriver(env);
    const rejected = await verify(driver.user.id, { approved: false, reason: 'Carte grise illisible' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      verificationStatus: 'REJECTED',
      verificationReason: 'Carte grise illisible',
      verifiedAt: null,
      verifiedBy: admin.user.id,
    });
    const refused = await goOnline(driver);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('DRIVER_REJECTED');
    expect(refused.body.error.message).toContain('Carte grise illisible');
    expect((await rowOf(driver.user.id))?.isOnline).toBe(false);
  });

  it('takes a verified driver who is later rejected offline at once', async () => {
    const driver = await registerDriver(env, { verified: true });
    expect((await goOnline(driver)).status).toBe(200);
    await verify(driver.user.id, { approved: false, reason: 'Permis expiré' });
    expect(await rowOf(driver.user.id)).toMatchObject({ isOnline: false, verificationStatus: 'REJECTED' });
    expect((await goOnline(driver)).body.error.code).toBe('DRIVER_REJECTED');
    expect((await auditOf(driver.user.id)).map((a) => [a.fromStatus, a.toStatus])).toEqual([
      ['VERIFIED', 'REJECTED'],
    ]);
  });

  it('answers 404 for an unknown driver', async () => {
    const response = await verify('00000000-0000-4000-8000-000000000000', { approved: true });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});

describe('admin driver list', () => {
  it('pages newest first with a cursor, without gaps or repeats, and oldest first on request', async () => {
    const registered: string[] = [];
    for (let i = 0; i < 5; i++) {
      registered.push((await registerDriver(env, { name: `Pager Kairouan ${i}` })).user.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    do {
      const page = await list(`q=Pager%20Kairouan&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      pageSizes.push(page.body.items.length);
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...registered].reverse());

    const oldest = await list('q=pager%20kairouan&order=oldest&limit=3');
    expect(oldest.body.items.map((d) => d.id)).toEqual(registered.slice(0, 3));
    const rest = await list(`q=pager%20kairouan&order=oldest&limit=3&cursor=${oldest.body.nextCursor}`);
    expect(rest.body.items.map((d) => d.id)).toEqual(registered.slice(3));
    expect(rest.body.nextCursor).toBeUndefined();
  });

  it('filters by verification status, vehicle type, deactivation and name, phone or plate', async () => {
    const pending = await registerDriver(env, {
      name: 'Filtre Gafsa',
      vehicleType: 'FLATBED',
      plate: '77 TU 1234',
    });
    const verified = await registerDriver(env, {
      name: 'Filtre Gafsa',
      vehicleType: 'FLATBED',
      verified: true,
    });
    const rejected = await registerDriver(env, { name: 'Filtre Gafsa', vehicleType: 'PICKUP' });
    await verify(rejected.user.id, { approved: false, reason: 'Assurance manquante' });
    const suspended = await registerDriver(env, {
      name: 'Filtre Gafsa',
      vehicleType: 'FLATBED',
      verified: true,
    });
    expect(
      (
        await call(env.app, 'PATCH', `/api/admin/drivers/${suspended.user.id}/suspend`, {
          token: admin.accessToken,
          body: { reason: 'Plaintes' },
        })
      ).status,
    ).toBe(200);

    const ids = async (query: string) => {
      const response = await list(`q=Filtre%20Gafsa&${query}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return new Set(response.body.items.map((d) => d.id));
    };
    expect(await ids('verificationStatus=PENDING_VERIFICATION')).toEqual(new Set([pending.user.id]));
    expect(await ids('verificationStatus=REJECTED')).toEqual(new Set([rejected.user.id]));
    expect(await ids('verificationStatus=VERIFIED&isDeactivated=false')).toEqual(new Set([verified.user.id]));
    expect(await ids('isDeactivated=true')).toEqual(new Set([suspended.user.id]));
    expect(await ids('vehicleType=FLATBED')).toEqual(
      new Set([pending.user.id, verified.user.id, suspended.user.id]),
    );

    const byPlate = await list('q=77TU1234');
    expect(byPlate.body.items.map((d) => d.id)).toEqual([pending.user.id]);
    const localDigits = verified.phone.slice(4); // "+216" dropped, as people type it
    const byPhone = await list(`q=${localDigits.slice(0, 2)}%20${localDigits.slice(2)}`);
    expect(byPhone.body.items.map((d) => d.id)).toEqual([verified.user.id]);
    const suspendedRow = (await list('q=Filtre%20Gafsa&isDeactivated=true')).body.items[0];
    expect(suspendedRow).toMatchObject({ isDeactivated: true, deactivationReason: 'Plaintes' });
    expect((await list('q=%25')).body.items).toEqual([]);
  });

  it('refuses unknown filter values', async () => {
    for (const query of ['verificationStatus=MAYBE', 'vehicleType=BICYCLE', 'isDeactivated=yes', 'limit=0']) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('who dispatch may ask', () => {
  it('only online, verified, active drivers, whatever the live index says', async () => {
    const customer = await registerCustomer(env);
    const make = async (verified: boolean) => {
      const driver = await registerDriver(env, { verified, vehicleType: 'REFRIGERATED' });
      // Straight to the row: the availability route would refuse the ineligible ones, which is the point.
      await env.database.db.update(drivers).set({ isOnline: true }).where(eq(drivers.id, driver.user.id));
      return driver.user.id;
    };
    const eligible = await make(true);
    const pending = await make(false);
    const rejected = await make(false);
    await verify(rejected, { approved: false, reason: 'Documents falsifiés' });
    await env.database.db.update(drivers).set({ isOnline: true }).where(eq(drivers.id, rejected));
    const suspended = await make(true);
    await env.database.db.update(drivers).set({ isDeactivated: true }).where(eq(drivers.id, suspended));

    const rideId = await insertRide(env, { customerId: customer.user.id, vehicleType: 'REFRIGERATED' });
    const candidates = [pending, rejected, suspended, eligible].map((driverId, i) => ({
      driverId,
      distanceMeters: 100 * (i + 1),
    }));
    const notified = await recordNotifications(
      env.database.db,
      { id: rideId, vehicleType: 'REFRIGERATED' },
      0,
      candidates,
      10,
      env.config.money.driverMinBalanceMillimes,
    );
    expect(notified.map((n) => n.driverId)).toEqual([eligible]);
  });
});

describe('admin stats', () => {
  const stats = async () => {
    const response = await call<AdminStats>(env.app, 'GET', '/api/admin/stats', { token: admin.accessToken });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  it("counts rides by status, drivers, customers, and today's GMV and commission in millimes", async () => {
    const before = await stats();
    const customer = await registerCustomer(env);
    await registerCustomer(env, { company: { name: 'Stats Transport SARL' } });
    const online = await registerDriver(env, { verified: true });
    expect((await goOnline(online)).status).toBe(200);
    await registerDriver(env);
    const driverId = online.user.id;
    const completedToday = await insertRide(env, {
      customerId: customer.user.id,
      driverId,
      status: 'COMPLETED',
    });
    await env.database.db
      .update(rides)
      .set({ price: 100_005, commissionRateBps: 1000, completedAt: sql`now()` })
      .where(eq(rides.id, completedToday));
    const defaultRate = await insertRide(env, {
      customerId: customer.user.id,
      driverId,
      status: 'COMPLETED',
    });
    await env.database.db
      .update(rides)
      .set({ price: 20_000, completedAt: sql`now()` })
      .where(eq(rides.id, defaultRate));
    const lastWeek = await insertRide(env, { customerId: customer.user.id, driverId, status: 'COMPLETED' });
    await env.database.db
      .update(rides)
      .set({ price: 999_000, commissionRateBps: 1000, completedAt: sql`now() - interval '7 days'` })
      .where(eq(rides.id, lastWeek));
    await insertRide(env, { customerId: customer.user.id, pickup: northOf(TUNIS, 1) });

    const after = await stats();
    expect(after.rides.total - before.rides.total).toBe(4);
    expect(after.rides.byStatus.COMPLETED - before.rides.byStatus.COMPLETED).toBe(3);
    expect(after.rides.byStatus.PENDING_BIDS - before.rides.byStatus.PENDING_BIDS).toBe(1);
    expect(after.rides.byStatus.CANCELLED).toBe(before.rides.byStatus.CANCELLED);
    expect(after.drivers.total - before.drivers.total).toBe(2);
    expect(after.drivers.online - before.drivers.online).toBe(1);
    expect(after.drivers.verified - before.drivers.verified).toBe(1);
    expect(after.drivers.pendingVerification - before.drivers.pendingVerification).toBe(1);
    expect(after.customers.total - before.customers.total).toBe(2);
    expect(after.customers.b2b - before.customers.b2b).toBe(1);
    expect(after.today.ridesCreated - before.today.ridesCreated).toBe(4);
    expect(after.today.ridesCompleted - before.today.ridesCompleted).toBe(2);
    expect(after.today.gmv - before.today.gmv).toBe(120_005);
    // 10% of 100 005 rounds half up to 10 001; 20 000 at the default 15% is 3 000.
    expect(after.today.commission - before.today.commission).toBe(13_001);
    expect(after.today.timezone).toBe('Africa/Tunis');
  });
});
