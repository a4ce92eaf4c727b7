import { GOVERNORATES, PLAN_CODES, type Ride } from '@truck4u/contracts';
import {
  customers,
  DEFAULT_COMMISSION_BPS,
  drivers,
  governorateCommissions,
  governorates,
  ledgerAccounts,
  PLATFORM_ACCOUNT_KINDS,
  SUBSCRIPTION_PLANS,
  subscriptionPlans,
} from '@truck4u/database';
import { asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMISSION_BPS as RIDE_DEFAULT_COMMISSION_BPS } from '../src/modules/commissions/commission-rate';
import { registerCustomer } from './factories';
import { call } from './http-client';
import { rerunReferenceDataMigration } from './reference-data-fixtures';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

// The test template database is only migrated, never seeded (global-setup.ts), as `npm run db:migrate` leaves
// a production database. These tests prove that is enough to run the product.
let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);

async function referenceRows() {
  const { db } = env.database;
  return {
    governorates: await db
      .select({
        code: governorates.code,
        name: governorates.name,
        lat: governorates.centerLat,
        lng: governorates.centerLng,
      })
      .from(governorates)
      .orderBy(asc(governorates.code)),
    commissions: await db
      .select({
        code: governorateCommissions.governorateCode,
        rateBps: governorateCommissions.rateBps,
        isActive: governorateCommissions.isActive,
      })
      .from(governorateCommissions)
      .orderBy(asc(governorateCommissions.governorateCode)),
    plans: await db
      .select({
        code: subscriptionPlans.code,
        name: subscriptionPlans.name,
        monthlyPrice: subscriptionPlans.monthlyPrice,
        commissionRateBps: subscriptionPlans.commissionRateBps,
        benefits: subscriptionPlans.benefits,
        hasPriorityDispatch: subscriptionPlans.hasPriorityDispatch,
        sortOrder: subscriptionPlans.sortOrder,
      })
      .from(subscriptionPlans)
      .orderBy(asc(subscriptionPlans.code)),
    platformAccounts: await db
      .select({ kind: ledgerAccounts.kind, balance: ledgerAccounts.balance })
      .from(ledgerAccounts)
      .where(isNull(ledgerAccounts.ownerId))
      .orderBy(asc(ledgerAccounts.kind)),
  };
}

describe('a database that is only migrated', () => {
  it('holds exactly the reference data the contracts and reference-data.ts list', async () => {
    const rows = await referenceRows();
    expect(rows.governorates).toEqual(GOVERNORATES.map((g) => ({ ...g })).sort(byCode));
    expect(rows.commissions).toEqual(
      GOVERNORATES.map((g) => ({ code: g.code, rateBps: DEFAULT_COMMISSION_BPS, isActive: true })).sort(
        byCode,
      ),
    );
    expect(rows.plans).toEqual(SUBSCRIPTION_PLANS.map((p) => ({ ...p })).sort(byCode));
    expect(rows.plans.map((p) => p.code).sort()).toEqual([...PLAN_CODES].sort());
    expect(rows.platformAccounts.map((a) => a.kind).sort()).toEqual([...PLATFORM_ACCOUNT_KINDS].sort());
    // The rate governorates start with is the rate a ride falls back to without one.
    expect(DEFAULT_COMMISSION_BPS).toBe(RIDE_DEFAULT_COMMISSION_BPS);
  });

  it('takes a ride from a customer registered through the api, in the governorate of its pickup', async () => {
    const { db } = env.database;
    // Nothing from the seed: no demo accounts.
    expect(await db.$count(customers)).toBe(0);
    expect(await db.$count(drivers)).toBe(0);
    const customer = await registerCustomer(env);
    const sfax = GOVERNORATES.find((g) => g.code === 'TN-61');
    if (!sfax) throw new Error('Sfax is not in the contracts');
    const posted = await call<Ride>(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { lat: sfax.lat, lng: sfax.lng, address: 'Avenue Habib Bourguiba, Sfax' },
        dropoff: { lat: 34.7, lng: 10.72, address: 'Route de Gabès, Sfax' },
        vehicleType: 'SMALL_VAN',
        cargo: { description: '8 cartons', weightKg: 120 },
      },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body.governorate).toEqual({ code: 'TN-61', name: 'Sfax' });
  });

  it('keeps its reference rows, and an admin-changed commission rate, when the migration runs again', async () => {
    await env.database.db
      .update(governorateCommissions)
      .set({ rateBps: 1200 })
      .where(eq(governorateCommissions.governorateCode, 'TN-11'));
    const before = await referenceRows();
    await rerunReferenceDataMigration(env);
    expect(await referenceRows()).toEqual(before);
    expect(before.commissions.find((c) => c.code === 'TN-11')?.rateBps).toBe(1200);
    expect(before.platformAccounts).toHaveLength(PLATFORM_ACCOUNT_KINDS.length);
  });
});
