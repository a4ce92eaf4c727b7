import { randomUUID } from 'node:crypto';
import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerRide, placeBid } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

const rate = (account: TestAccount, rideId: string, body: unknown) =>
  call(env.app, 'POST', `/api/rides/${rideId}/rating`, { token: account.accessToken, body });

async function completedRide(customer: TestAccount, driver: TestAccount) {
  return insertRide(env, {
    customerId: customer.user.id,
    driverId: driver.user.id,
    status: 'COMPLETED',
    price: 40_000,
  });
}

describe('ratings with criteria', () => {
  it('keeps per-criterion averages on the driver and shows them on the public card', async () => {
    const driver = await registerDriver(env, {
      verified: true,
      name: 'Amine Ben Salah',
      plate: '77 TU 1234',
    });
    const first = await registerCustomer(env);
    const second = await registerCustomer(env);
    const rideA = await completedRide(first, driver);
    const rideB = await completedRide(second, driver);

    const withCriteria = await rate(first, rideA, {
      score: 5,
      criteria: { punctuality: 5, care: 4, communication: 3 },
      comment: 'Très soigneux',
    });
    expect(withCriteria.status, JSON.stringify(withCriteria.body)).toBe(201);
    expect(withCriteria.body).toMatchObject({
      score: 5,
      criteria: { punctuality: 5, care: 4, communication: 3 },
      rateeRating: { average: 5, count: 1 },
    });
    const plain = await rate(second, rideB, { score: 3 });
    expect(plain.status).toBe(201);
    expect(plain.body.criteria).toBeNull();

    const viewer = await registerCustomer(env);
    const card = await call(env.app, 'GET', `/api/drivers/${driver.user.id}/profile`, {
      token: viewer.accessToken,
    });
    expect(card.status).toBe(200);
    expect(card.body).toEqual({
      id: driver.user.id,
      firstName: 'Amine',
      vehicle: { type: 'SMALL_VAN', plate: '77 TU 1234', capacityKg: expect.any(Number) },
      rating: {
        average: 4,
        count: 2,
        // Only the rating that gave criteria counts for them.
        criteria: { punctuality: 5, care: 4, communication: 3, count: 1 },
      },
      ridesCompleted: 2,
      memberSince: expect.any(String),
      isVerified: true,
    });
    // Nothing private: no surname, no phone.
    const text = JSON.stringify(card.body);
    expect(text).not.toContain('Ben Salah');
    expect(text).not.toContain(driver.phone);
    expect(text).not.toContain(driver.phone.slice(-8));

    // Another driver may see the card too (drivers, customers and admins are all signed-in users).
    const colleague = await registerDriver(env);
    expect(
      (await call(env.app, 'GET', `/api/drivers/${driver.user.id}/profile`, { token: colleague.accessToken }))
        .status,
    ).toBe(200);

    // The bid card shows the same first name, rating and rides completed.
    const rideId = await insertRide(env, { customerId: viewer.user.id });
    await offerRide(env, rideId, driver.user.id);
    await placeBid(env, driver, rideId);
    const listed = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: viewer.accessToken });
    expect(listed.body.items[0].driver).toMatchObject({
      firstName: 'Amine',
      rating: 4,
      ridesCompleted: 2,
      vehicle: { type: 'SMALL_VAN', plate: '77 TU 1234' },
    });
  });

  it('refuses criteria out of range, partial criteria, and criteria on a driver’s rating of a customer', async () => {
    const driver = await registerDriver(env, { verified: true });
    const customer = await registerCustomer(env);
    const rideId = await completedRide(customer, driver);

    const outOfRange = await rate(customer, rideId, {
      score: 4,
      criteria: { punctuality: 6, care: 4, communication: 4 },
    });
    expect(outOfRange.status).toBe(400);
    const partial = await rate(customer, rideId, { score: 4, criteria: { punctuality: 4 } });
    expect(partial.status).toBe(400);
    const byDriver = await rate(driver, rideId, {
      score: 4,
      criteria: { punctuality: 4, care: 4, communication: 4 },
    });
    expect(byDriver.status).toBe(400);
    expect(byDriver.body.error.code).toBe('VALIDATION_FAILED');

    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(row).toMatchObject({ ratingCount: 0, ratingCriteriaCount: 0, ratingPunctualitySum: 0 });
    // The refused attempts used up nothing: both sides can still rate once.
    expect((await rate(customer, rideId, { score: 4 })).status).toBe(201);
    expect((await rate(driver, rideId, { score: 4 })).status).toBe(201);
  });
});

describe('GET /api/drivers/:id/profile', () => {
  it('answers 401 without a token and 404 for an unknown or suspended driver', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    expect((await call(env.app, 'GET', `/api/drivers/${driver.user.id}/profile`)).status).toBe(401);
    const unknown = await call(env.app, 'GET', `/api/drivers/${randomUUID()}/profile`, {
      token: customer.accessToken,
    });
    expect(unknown.status).toBe(404);
    // A customer's id is not a driver's.
    expect(
      (
        await call(env.app, 'GET', `/api/drivers/${customer.user.id}/profile`, {
          token: customer.accessToken,
        })
      ).status,
    ).toBe(404);
    await env.database.db.update(drivers).set({ isDeactivated: true }).where(eq(drivers.id, driver.user.id));
    expect(
      (await call(env.app, 'GET', `/api/drivers/${driver.user.id}/profile`, { token: customer.accessToken }))
        .status,
    ).toBe(404);
  });
});
