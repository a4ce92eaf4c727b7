import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from './factories';
import { call } from './http-client';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

describe('smoke', () => {
  it('registers a customer and reads /api/me', async () => {
    const customer = await registerCustomer(env);
    const me = await call(env.app, 'GET', '/api/me', { token: customer.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.phone).toBe(customer.phone);
  });
});
