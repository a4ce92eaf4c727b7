import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from '#test/test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment({ LOGIN_FAILURES_PER_PHONE: '3', LOGIN_FAILURES_PER_IP: '8' });
});
afterAll(async () => env?.close());

const login = (body: unknown, ip = '198.51.100.1') =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: body as object, remoteAddress: ip });

describe('registration', () => {
  it('registers a private customer, a business customer and a driver pending verification', async () => {
    const person = await registerCustomer(env);
    expect(person.user).toMatchObject({ role: 'customer', customerType: 'B2C', company: null });

    const business = await registerCustomer(env, { company: { name: 'Sfax Logistique', taxId: '7654321B' } });
    expect(business.user).toMatchObject({
      customerType: 'B2B',
      company: { name: 'Sfax Logistique', taxId: '7654321B' },
    });

    const driver = await registerDriver(env);
    expect(driver.user).toMatchObject({
      role: 'driver',
      verificationStatus: 'PENDING_VERIFICATION',
      isOnline: false,
    });
    expect(driver.accessToken).toBeTruthy();
    expect(driver.refreshToken).toBeTruthy();
  });

  it('normalises phone numbers to E.164, reading local numbers as Tunisian', async () => {
    const local = `${Math.floor(20_000_000 + Math.random() * 9_999_999)}`;
    const spaced = `${local.slice(0, 2)} ${local.slice(2, 5)} ${local.slice(5)}`;
    const response = await call(env.app, 'POST', '/api/auth/register', {
      body: { role: 'customer', phone: spaced, password: 'long-enough-1', name: 'Local Number' },
    });
    expect(response.status).toBe(201);
    expect(response.body.user.phone).toBe(`+216${local}`);
    const again = await login({ role: 'customer', phone: `+216 ${local}`, password: 'long-enough-1' });
    expect(again.statusCode).toBe(200);
  });

  it('refuses a phone already registered in the same role, but allows it in the other role', async () => {
    const customer = await registerCustomer(env);
    const duplicate = await call(env.app, 'POST', '/api/auth/register', {
      body: { role: 'customer', phone: customer.phone, password: 'another-pass-1', name: 'Copy Cat' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('PHONE_ALREADY_REGISTERED');

    const asDriver = await call(env.app, 'POST', '/api/auth/register', {
      body: {
        role: 'driver',
        phone: customer.phone,
        password: 'another-pass-1',
        name: 'Same Person',
        vehicle: { type: 'PICKUP', plate: '99 TU 1', capacityKg: 700 },
      },
    });
    expect(asDriver.status).toBe(201);
  });

  it('does not let anyone register as an admin', async () => {
    const response = await call(env.app, 'POST', '/api/auth/register', {
      body: { role: 'admin', phone: uniquePhone(), password: 'long-enough-1', name: 'Sneaky' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lists every problem of a bad registration at once', async () => {
    const response = await call(env.app, 'POST', '/api/auth/register', {
      body: {
        role: 'driver',
        phone: '12',
        password: 'short',
        name: '',
        vehicle: { type: 'SPACESHIP', capacityKg: -5 },
      },
    });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.phone',
        'body.password',
        'body.name',
        'body.vehicle.type',
        'body.vehicle.plate',
        'body.vehicle.capacityKg',
      ]),
    );
  });
});

describe('login', () => {
  it('logs in with phone and password and returns the profile with a token pair', async () => {
    const driver = await registerDriver(env);
    const response = await login(
      { role: 'driver', phone: driver.phone, password: driver.password },
      '198.51.100.10',
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.id).toBe(driver.user.id);
    const me = await call(env.app, 'GET', '/api/me', { token: body.accessToken });
    expect(me.body.id).toBe(driver.user.id);
  });

  it('answers a wrong password and an unknown phone identically', async () => {
    const customer = await registerCustomer(env);
    const wrong = await login(
      { role: 'customer', phone: customer.phone, password: 'not-the-password' },
      '198.51.100.11',
    );
    const unknown = await login(
      { role: 'customer', phone: uniquePhone(), password: 'not-the-password' },
      '198.51.100.11',
    );
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('does not log a customer in as a driver', async () => {
    const customer = await registerCustomer(env);
    const response = await login(
      { role: 'driver', phone: customer.phone, password: customer.password },
      '198.51.100.12',
    );
    expect(response.statusCode).toBe(401);
  });

  it('refuses a phone after repeated failures, even with the right password, without revealing if it exists', async () => {
    const customer = await registerCustomer(env);
    const ghost = uniquePhone();
    for (let i = 0; i < 3; i++) {
      expect(
        (await login({ role: 'customer', phone: customer.phone, password: `wrong-${i}` }, `203.0.113.${i}`))
          .statusCode,
      ).toBe(401);
      expect(
        (await login({ role: 'customer', phone: ghost, password: `wrong-${i}` }, `203.0.113.${i}`))
          .statusCode,
      ).toBe(401);
    }
    const blocked = await login(
      { role: 'customer', phone: customer.phone, password: customer.password },
      '203.0.113.50',
    );
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const ghostBlocked = await login(
      { role: 'customer', phone: ghost, password: 'whatever' },
      '203.0.113.51',
    );
    expect(ghostBlocked.statusCode).toBe(429);
    expect(ghostBlocked.json().error.message).toBe(blocked.json().error.message);
  });

  it('refuses an address that keeps failing across many phones', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 8; i++) {
      expect(
        (await login({ role: 'customer', phone: uniquePhone(), password: 'guess-guess' }, ip)).statusCode,
      ).toBe(401);
    }
    const customer = await registerCustomer(env);
    const blocked = await login({ role: 'customer', phone: customer.phone, password: customer.password }, ip);
    expect(blocked.statusCode).toBe(429);
    const elsewhere = await login(
      { role: 'customer', phone: customer.phone, password: customer.password },
      '192.0.2.78',
    );
    expect(elsewhere.statusCode).toBe(200);
  });

  it('clears the per-phone failure count after a successful login', async () => {
    const customer = await registerCustomer(env);
    const ip = '192.0.2.90';
    await login({ role: 'customer', phone: customer.phone, password: 'wrong-1' }, ip);
    await login({ role: 'customer', phone: customer.phone, password: 'wrong-2' }, ip);
    expect(
      (await login({ role: 'customer', phone: customer.phone, password: customer.password }, ip)).statusCode,
    ).toBe(200);
    await login({ role: 'customer', phone: customer.phone, password: 'wrong-3' }, ip);
    await login({ role: 'customer', phone: customer.phone, password: 'wrong-4' }, ip);
    expect(
      (await login({ role: 'customer', phone: customer.phone, password: customer.password }, ip)).statusCode,
    ).toBe(200);
  });
});
