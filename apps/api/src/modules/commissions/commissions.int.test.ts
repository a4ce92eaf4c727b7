import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, registerCustomer, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { resolveCommissionRate } from './commission-rate';

let env: TestEnvironment;
let admin: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  admin = await loginAdmin(env);
});
afterAll(async () => env?.close());

describe('governorate commissions', () => {
  it('lists all 24 governorates at the default 15%', async () => {
    const response = await call(env.app, 'GET', '/api/admin/commissions', { token: admin.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(24);
    expect(response.body.items.find((c: { governorate: string }) => c.governorate === 'TN-61')).toMatchObject(
      {
        name: 'Sfax',
        rateBps: 1500,
        isActive: true,
      },
    );
  });

  it('changes a rate, records who changed what, and new rides in that governorate use it', async () => {
    const customer = await registerCustomer(env);
    const updated = await call(env.app, 'PUT', '/api/admin/commissions/TN-61', {
      token: admin.accessToken,
      body: { rateBps: 1200 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      governorate: 'TN-61',
      rateBps: 1200,
      isActive: true,
      updatedBy: admin.user.id,
    });
    expect(await resolveCommissionRate(env.database.db, customer.user.id, 'TN-61')).toEqual({
      rateBps: 1200,
      source: 'GOVERNORATE',
    });

    await call(env.app, 'PUT', '/api/admin/commissions/TN-61', {
      token: admin.accessToken,
      body: { rateBps: 1300, isActive: false },
    });
    expect(await resolveCommissionRate(env.database.db, customer.user.id, 'TN-61')).toEqual({
      rateBps: 1500,
      source: 'DEFAULT',
    });

    const audit = await call(env.app, 'GET', '/api/admin/commissions/audit', { token: admin.accessToken });
    const forSfax = audit.body.items.filter((a: { governorate: string }) => a.governorate === 'TN-61');
    expect(forSfax.slice(0, 2)).toMatchObject([
      { adminId: admin.user.id, oldRateBps: 1200, newRateBps: 1300, oldIsActive: true, newIsActive: false },
      { adminId: admin.user.id, oldRateBps: 1500, newRateBps: 1200, oldIsActive: true, newIsActive: true },
    ]);
  });

  it('refuses rates out of bounds, unknown governorates and non-admins, changing nothing', async () => {
    const customer = await registerCustomer(env);
    for (const body of [{ rateBps: -1 }, { rateBps: 3001 }, { rateBps: 12.5 }, {}]) {
      const response = await call(env.app, 'PUT', '/api/admin/commissions/TN-11', {
        token: admin.accessToken,
        body,
      });
      expect(response.status).toBe(400);
    }
    expect(
      (
        await call(env.app, 'PUT', '/api/admin/commissions/TN-99', {
          token: admin.accessToken,
          body: { rateBps: 100 },
        })
      ).status,
    ).toBe(400);
    const forbidden = await call(env.app, 'PUT', '/api/admin/commissions/TN-11', {
      token: customer.accessToken,
      body: { rateBps: 0 },
    });
    expect(forbidden.status).toBe(403);
    const list = await call(env.app, 'GET', '/api/admin/commissions', { token: admin.accessToken });
    expect(list.body.items.find((c: { governorate: string }) => c.governorate === 'TN-11').rateBps).toBe(
      1500,
    );
  });
});
