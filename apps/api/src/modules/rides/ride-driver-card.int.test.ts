import { rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => {
  await env?.close();
});

const getRide = (account: TestAccount, rideId: string) =>
  call(env.app, 'GET', `/api/rides/${rideId}`, { token: account.accessToken });

describe('the assigned driver’s card on a ride', () => {
  it('is absent while the ride takes bids, and no driver phone is shown anywhere before acceptance', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true, name: 'Sami Ben Salah' });
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    const bid = await placeBid(env, driver, rideId, { price: 55_000, etaMinutes: 12 });

    const before = await getRide(customer, rideId);
    expect(before.status).toBe(200);
    expect(before.body.driver).toBeUndefined();
    const bidsList = await call(env.app, 'GET', `/api/rides/${rideId}/bids`, { token: customer.accessToken });
    expect(bidsList.status).toBe(200);
    expect(JSON.stringify(bidsList.body)).not.toContain(driver.phone.slice(-6));

    expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
    const after = await getRide(customer, rideId);
    expect(after.body.driver).toEqual({
      id: driver.user.id,
      firstName: 'Sami',
      phone: driver.phone,
      vehicle: { type: 'SMALL_VAN', plate: '123 TU 4567' },
      rating: null,
    });
    const listed = await call(env.app, 'GET', '/api/rides', { token: customer.accessToken });
    expect(listed.body.items.find((r: { id: string }) => r.id === rideId)?.driver?.phone).toBe(driver.phone);
  });

  it('masks the phone once the ride ended, for the customer but not for admins', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    await env.database.db.execute(
      sql`UPDATE drivers SET rating_sum = 9, rating_count = 2 WHERE id = ${driver.user.id}`,
    );
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    const bid = await placeBid(env, driver, rideId);
    expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
    await env.database.db
      .update(rides)
      .set({ status: 'COMPLETED', completedAt: sql`now()` })
      .where(eq(rides.id, rideId));

    const ended = await getRide(customer, rideId);
    expect(ended.body.driver.phone).toBe(`+216 •• ••• ${driver.phone.slice(-3)}`);
    expect(ended.body.driver.rating).toBe(4.5);
    const admin = await loginAdmin(env);
    expect((await getRide(admin, rideId)).body.driver.phone).toBe(driver.phone);
  });
});
