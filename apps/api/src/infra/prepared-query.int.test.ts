import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

describe('hot reads as prepared statements', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => env?.close());

  it('keep answering after a migration changes the type of a column they return, under a live pool', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const read = () => call(env.app, 'GET', `/api/rides/${rideId}`, { token: customer.accessToken });
    const me = () => call(env.app, 'GET', '/api/me', { token: customer.accessToken });
    // Enough at once that every pooled connection prepares the statements.
    const before = await Promise.all([...Array.from({ length: 6 }, read), ...Array.from({ length: 6 }, me)]);
    expect(before.map((r) => r.status)).toEqual(Array(12).fill(200));

    // What a migration may do: Postgres then refuses the statements prepared with the old result type.
    await env.database.pool.query('ALTER TABLE rides ALTER COLUMN cargo_description TYPE varchar(2000)');
    await env.database.pool.query('ALTER TABLE customers ALTER COLUMN name TYPE varchar(500)');

    const after = await Promise.all([...Array.from({ length: 6 }, read), ...Array.from({ length: 6 }, me)]);
    expect(after.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(after[0]?.body).toEqual(before[0]?.body);
    expect(after[6]?.body).toEqual(before[6]?.body);
  });
});
