import { rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let customer: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  customer = await registerCustomer(env);
});
afterAll(async () => env?.close());

const post = (vehicleType: string, weightKg: number) =>
  call(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: {
      pickup: { lat: 36.8008, lng: 10.18, address: 'Avenue Habib Bourguiba, Tunis' },
      dropoff: { lat: 35.8256, lng: 10.6411, address: 'Port de Sousse' },
      vehicleType,
      cargo: { description: 'Sacs de ciment', weightKg },
    },
  });

describe('vehicle capacity at posting', () => {
  it('refuses cargo heavier than the vehicle type carries, naming the vehicle types that fit', async () => {
    const refused = await post('SMALL_VAN', 3_000);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        capacityKg: 1_000,
        fittingVehicleTypes: ['BOX_TRUCK', 'REFRIGERATED', 'FLATBED'],
        issues: [expect.objectContaining({ path: 'body.cargo.weightKg' })],
      },
    });
    for (const type of ['BOX_TRUCK', 'REFRIGERATED', 'FLATBED'])
      expect(refused.body.error.message).toContain(type);
    expect(refused.body.error.message).not.toContain('PICKUP');
    const written = await env.database.db.select().from(rides).where(eq(rides.customerId, customer.user.id));
    expect(written).toEqual([]);
  });

  it('accepts cargo up to the capacity of the vehicle type', async () => {
    expect((await post('SMALL_VAN', 1_000)).status).toBe(201);
    expect((await post('FLATBED', 25_000)).status).toBe(201);
  });

  it('says when no vehicle type carries the cargo', async () => {
    const refused = await post('FLATBED', 30_000);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fittingVehicleTypes).toEqual([]);
  });
});
