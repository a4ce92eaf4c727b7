import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerRide } from './bid-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from './factories';
import { call, type TestResponse } from './http-client';
import { completedRide, pay } from './payment-fixtures';
import { insertRide, TUNIS } from './ride-fixtures';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from './test-environment';

// Walks every route in the OpenAPI document, so routes added later are covered without editing this file.
let env: TestEnvironment;
let customer: TestAccount;
let driver: TestAccount;
let admin: TestAccount;
let tokens: string[];
beforeAll(async () => {
  env = await createTestEnvironment();
  [customer, driver, admin] = await Promise.all([
    registerCustomer(env),
    registerDriver(env, { verified: true }),
    loginAdmin(env),
  ]);
  tokens = [customer.accessToken, driver.accessToken, admin.accessToken];
});
afterAll(async () => env?.close());

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}
interface Operation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  security?: unknown[];
}

function wrongValueFor(schema: JsonSchema | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (schema?.enum) return '__not_one_of_them__';
  switch (type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not-a-number';
    case 'boolean':
      return 'maybe';
    case 'array':
      return 'not-an-array';
    default:
      return 'not-an-object';
  }
}

function operations(): { method: string; path: string; op: Operation }[] {
  const document = env.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/** Fills path parameters with valid values (an enum's first member, else a fresh uuid) so the body is what fails. */
function concretePath(path: string, op: Operation): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const schema = op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema;
    // A valid value for each path parameter, so the body's own issues are what gets reported.
    if (schema?.type === 'integer' || schema?.type === 'number') return String(schema.minimum ?? 0);
    return String(schema?.enum?.[0] ?? randomUUID());
  });
}

async function send(method: string, url: string, payload: string | undefined, token?: string) {
  return env.app.inject({
    method: method as 'POST',
    url,
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Sends with each role's token in turn until one gets past authorisation; returns every answer. */
async function sendAsAnyone(method: string, url: string, payload: string | undefined, isPublic: boolean) {
  if (isPublic) return [await send(method, url, payload)];
  return Promise.all(tokens.map((token) => send(method, url, payload, token)));
}

describe('every route that takes input', () => {
  it('answers malformed bodies with 400 VALIDATION_FAILED listing each bad field, and never 5xx', async () => {
    const withBody = operations().filter((o) => o.op.requestBody?.content?.['application/json']?.schema);
    expect(withBody.length).toBeGreaterThan(8);
    for (const { method, path, op } of withBody) {
      const schema = op.requestBody?.content?.['application/json']?.schema as JsonSchema;
      const isPublic = !op.security;
      const url = concretePath(path, op);
      const label = `${method} ${path}`;

      for (const payload of ['{"unterminated": ', '[1, 2, 3]', '"just a string"', '42']) {
        const answers = await sendAsAnyone(method, url, payload, isPublic);
        for (const answer of answers) expect(answer.statusCode, `${label} ${payload}`).toBeLessThan(500);
        const validated = answers.filter((a) => a.statusCode === 400);
        expect(
          validated.length,
          `${label} with ${payload} got ${answers.map((a) => a.statusCode)}`,
        ).toBeGreaterThan(0);
        for (const answer of validated) expect(answer.json().error.code).toBe('VALIDATION_FAILED');
      }

      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) continue;
      const wrong = Object.fromEntries(properties.map(([name, property]) => [name, wrongValueFor(property)]));
      const answers = await sendAsAnyone(method, url, JSON.stringify(wrong), isPublic);
      for (const answer of answers) expect(answer.statusCode, label).toBeLessThan(500);
      const validated = answers.find((a) => a.statusCode === 400);
      expect(validated, `${label} accepted ${JSON.stringify(wrong)}`).toBeDefined();
      const issues = validated?.json().error.details.issues as { path: string }[];
      const reported = new Set(issues.map((i) => i.path.split('.')[1]));
      for (const [name] of properties) expect(reported, `${label} did not report ${name}`).toContain(name);
    }
  });

  it('answers malformed path and query parameters with 400, never 5xx', async () => {
    for (const { method, path, op } of operations()) {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query' && p.schema?.type !== 'string');
      if (pathParams.length === 0 && queryParams.length === 0) continue;
      let url = path.replace(/\{[^}]+\}/g, 'not-a-valid-id');
      if (pathParams.length === 0) {
        url = `${concretePath(path, op)}?${queryParams.map((p) => `${p.name}=%7Bnonsense%7D`).join('&')}`;
      }
      const body = op.requestBody ? '{}' : undefined;
      const answers = await sendAsAnyone(method, url, body, !op.security);
      const label = `${method} ${url}`;
      for (const answer of answers) expect(answer.statusCode, label).toBeLessThan(500);
      expect(
        answers.some((a) => a.statusCode === 400 && a.json().error.code === 'VALIDATION_FAILED'),
        `${label} got ${answers.map((a) => a.statusCode)}`,
      ).toBe(true);
    }
  });

  it('answers unknown routes with the error envelope', async () => {
    const response = await env.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND', requestId: expect.any(String) } });
    expect(response.headers['x-request-id']).toBe(response.json().error.requestId);
  });

  it('refuses non-JSON bodies with 415 and oversized bodies with 413', async () => {
    const form = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'role=customer&phone=1&password=2',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await send(
      'POST',
      '/api/auth/login',
      JSON.stringify({ role: 'customer', phone: 'x'.repeat(400_000), password: 'y' }),
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('echoes a well-formed x-request-id and replaces a hostile one', async () => {
    const good = await env.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(good.headers['x-request-id']).toBe('trace-12345678');
    const bad = await env.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'a\nb' },
    });
    expect(bad.headers['x-request-id']).not.toBe('a\nb');
  });
});

/** One hash per table: equal fingerprints mean a request wrote nothing anywhere. */
async function databaseFingerprint(): Promise<Record<string, string>> {
  const tables = await env.database.pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  const hashes: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const { rows } = await env.database.pool.query<{ hash: string }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM "${name}" t`,
    );
    hashes[name] = rows[0]?.hash ?? '';
  }
  return hashes;
}

interface Refusal {
  code: string;
  message: string;
  details?: { issues?: { path: string; message: string }[]; [key: string]: unknown };
}

/** Sends a request that must be refused: the status and code, the envelope with its request id, no writes. */
async function expectRefused(
  send: () => Promise<TestResponse>,
  expected: { status: number; code: string },
): Promise<Refusal> {
  const before = await databaseFingerprint();
  const response = await send();
  expect(response.status, JSON.stringify(response.body)).toBe(expected.status);
  expect(response.body).toEqual({
    error: {
      code: expected.code,
      message: expect.any(String),
      requestId: expect.any(String),
      ...(response.body.error.details === undefined ? {} : { details: expect.anything() }),
    },
  });
  expect(response.headers['x-request-id']).toBe(response.body.error.requestId);
  expect(await databaseFingerprint()).toEqual(before);
  return response.body.error;
}

const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';
const validRide = () => ({
  pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
  dropoff: { lat: 36.8782, lng: 10.3247, address: 'La Marsa, rue du Maroc' },
  vehicleType: 'SMALL_VAN',
  cargo: { description: 'Canapé et 12 cartons', weightKg: 300 },
});
const customerBody = (company: Record<string, string> = {}, name = 'Test Customer') => ({
  role: 'customer',
  phone: uniquePhone(),
  password: 'customer-pass-1',
  name,
  company: { name: 'Acme SARL', taxId: '1234567A', address: 'Rue de Marseille, Tunis', ...company },
});
const driverBody = (plate: string) => ({
  role: 'driver',
  phone: uniquePhone(),
  password: 'driver-pass-1',
  name: 'Test Driver',
  vehicle: { type: 'SMALL_VAN', plate, capacityKg: 1500 },
});

describe('text fields', () => {
  // Postgres refuses U+0000 in text and unpaired surrogates in jsonb; both used to surface as a 500.
  const textCases: { label: string; body: (bad: string) => Record<string, unknown>; issue: string }[] = [
    { label: 'the name', body: (bad) => customerBody({}, `Test${bad}Customer`), issue: 'body.name' },
    {
      label: 'the company name',
      body: (bad) => customerBody({ name: `Acme${bad}` }),
      issue: 'body.company.name',
    },
    { label: 'the tax id', body: (bad) => customerBody({ taxId: `123${bad}` }), issue: 'body.company.taxId' },
    {
      label: 'the company address',
      body: (bad) => customerBody({ address: `Rue${bad}` }),
      issue: 'body.company.address',
    },
    { label: 'the plate', body: (bad) => driverBody(`123 TU${bad}4567`), issue: 'body.vehicle.plate' },
  ];
  for (const { label, body, issue } of textCases) {
    for (const [name, bad] of [
      ['NUL', NUL],
      ['a lone surrogate', LONE_SURROGATE],
    ] as const) {
      it(`refuses ${name} in ${label} at registration with 400 and registers no one`, async () => {
        const error = await expectRefused(
          () => call(env.app, 'POST', '/api/auth/register', { body: body(bad) }),
          {
            status: 400,
            code: 'VALIDATION_FAILED',
          },
        );
        expect(error.details?.issues?.map((i) => i.path)).toEqual([issue]);
      });
    }
  }

  it('refuses NUL and lone surrogates in ride addresses and cargo, listing each, and posts no ride', async () => {
    const ride = validRide();
    const error = await expectRefused(
      () =>
        call(env.app, 'POST', '/api/rides', {
          token: customer.accessToken,
          body: {
            ...ride,
            pickup: { ...ride.pickup, address: `Avenue${NUL}Bourguiba` },
            dropoff: { ...ride.dropoff, address: `La Marsa ${LONE_SURROGATE}` },
            cargo: { ...ride.cargo, description: `Canapé${NUL}` },
          },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(error.details?.issues?.map((i) => i.path).sort()).toEqual([
      'body.cargo.description',
      'body.dropoff.address',
      'body.pickup.address',
    ]);
    expect(error.details?.issues?.[0]?.message).toMatch(/control characters|surrogate/);
  });

  it('still takes line breaks and tabs in multi-line text such as the cargo description', async () => {
    const ride = validRide();
    const posted = await call(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: { ...ride, cargo: { ...ride.cargo, description: 'Canapé\n12 cartons\tfragile 📦' } },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body.cargo.description).toBe('Canapé\n12 cartons\tfragile 📦');
  });

  it('refuses NUL in a bid message and places no bid', async () => {
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    await expectRefused(
      () =>
        call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
          token: driver.accessToken,
          body: { price: 40_000, etaMinutes: 15, message: `En route${NUL}` },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
  });

  it('refuses NUL in a rating comment and records no rating', async () => {
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'COMPLETED',
      price: 40_000,
      commissionRateBps: 1200,
    });
    await expectRefused(
      () =>
        call(env.app, 'POST', `/api/rides/${rideId}/rating`, {
          token: customer.accessToken,
          body: { score: 5, comment: `Parfait${NUL}` },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
  });

  for (const [name, bad] of [
    ['NUL', NUL],
    ['a lone surrogate', LONE_SURROGATE],
  ] as const) {
    it(`refuses ${name} in a cancel reason and leaves the ride as it was`, async () => {
      const rideId = await insertRide(env, { customerId: customer.user.id });
      await expectRefused(
        () =>
          call(env.app, 'POST', `/api/rides/${rideId}/cancel`, {
            token: customer.accessToken,
            body: { reason: `Plus besoin ${bad}` },
          }),
        { status: 400, code: 'VALIDATION_FAILED' },
      );
    });
  }

  it('refuses NUL in the reasons admins give (rejection, suspension, refund) and changes nothing', async () => {
    const applicant = await registerDriver(env);
    await expectRefused(
      () =>
        call(env.app, 'PATCH', `/api/admin/drivers/${applicant.user.id}/verify`, {
          token: admin.accessToken,
          body: { approved: false, reason: `Permis illisible${NUL}` },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    await expectRefused(
      () =>
        call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/suspend`, {
          token: admin.accessToken,
          body: { reason: `Fraude${NUL}` },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    const ride = await completedRide(env);
    const paid = await pay(env, ride.customer.accessToken, { rideId: ride.rideId, method: 'CASH' });
    expect([200, 201], JSON.stringify(paid.body)).toContain(paid.status);
    await expectRefused(
      () =>
        call(env.app, 'POST', `/api/admin/payments/${paid.body.id}/refund`, {
          token: admin.accessToken,
          headers: { 'idempotency-key': randomUUID() },
          body: { reason: `Colis abîmé${NUL}` },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
  });

  it('refuses NUL in the admin driver search', async () => {
    const error = await expectRefused(
      () => call(env.app, 'GET', '/api/admin/drivers?q=%00', { token: admin.accessToken }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(error.details?.issues?.map((i) => i.path)).toEqual(['querystring.q']);
  });

  it('refuses NUL in the payment id of the public Flouci webhook', async () => {
    await expectRefused(
      () =>
        call(env.app, 'POST', '/api/payments/flouci/webhook', { body: { payment_id: `flouci-123${NUL}` } }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
  });
});

describe('path parameters and URLs', () => {
  it('refuses invoice months outside 2000-01 to 2999-12 with 400', async () => {
    const business = await registerCustomer(env, { company: { name: 'Acme SARL' } });
    for (const month of ['0000-01', '1999-12', '3000-01', '2026-00', '2026-13', '10000-01']) {
      const error = await expectRefused(
        () => call(env.app, 'GET', `/api/invoices/${month}`, { token: business.accessToken }),
        { status: 400, code: 'VALIDATION_FAILED' },
      );
      expect(
        error.details?.issues?.map((i) => i.path),
        month,
      ).toEqual(['params.month']);
    }
    const statement = await call(env.app, 'GET', '/api/invoices/2026-01', { token: business.accessToken });
    expect(statement.status).toBe(200);
  });

  it('answers a URL with broken percent-encoding with 400 VALIDATION_FAILED in the envelope', async () => {
    const error = await expectRefused(
      () => call(env.app, 'GET', '/api/payments/%zz', { token: customer.accessToken }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(error.message).toMatch(/percent-encoding/);
  });

  it('answers an over-long path segment with 414 in the envelope, without echoing the path', async () => {
    const segment = 'a'.repeat(101);
    const error = await expectRefused(
      () => call(env.app, 'GET', `/api/payments/${segment}`, { token: customer.accessToken }),
      { status: 414, code: 'URI_TOO_LONG' },
    );
    expect(error.message).not.toContain('aaaa');
    expect(error.message.length).toBeLessThan(120);
  });
  it('answers a queue-board cookie that is not valid percent-encoding with 401, not 500', async () => {
    await expectRefused(
      () => call(env.app, 'GET', '/admin/queues', { headers: { cookie: 't4u_queues_token=%zz' } }),
      { status: 401, code: 'TOKEN_MISSING' },
    );
  });
});

describe('error messages tell the caller what to do', () => {
  it('says a bid price is in millimes', async () => {
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    const error = await expectRefused(
      () =>
        call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
          token: driver.accessToken,
          body: { price: 250, etaMinutes: 15 },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(error.details?.issues).toEqual([
      expect.objectContaining({ path: 'body.price', message: 'must be at least 1000 millimes (1.000 TND)' }),
    ]);
  });

  it('says a top-up amount is in millimes', async () => {
    const error = await expectRefused(
      () =>
        call(env.app, 'POST', '/api/wallet/top-ups', {
          token: customer.accessToken,
          headers: { 'idempotency-key': randomUUID() },
          body: { amount: 12.5 },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(error.details?.issues?.[0]?.message).toBe(
      'must be a whole number of millimes (1 TND = 1000 millimes)',
    );
  });

  it('says a missing query parameter is required and a non-number must be a number, never NaN', async () => {
    const missing = await expectRefused(
      () => call(env.app, 'GET', '/api/pricing/estimate?vehicleType=SMALL_VAN&pickupLng=abc'),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(missing.details?.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'querystring.pickupLat',
          message: expect.stringMatching(/^required/),
        }),
        expect.objectContaining({ path: 'querystring.pickupLng', message: 'must be a number' }),
      ]),
    );
    expect(JSON.stringify(missing)).not.toContain('NaN');
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const events = await expectRefused(
      () => call(env.app, 'GET', `/api/rides/${rideId}/events?after=last`, { token: customer.accessToken }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(events.details?.issues).toEqual([
      expect.objectContaining({ path: 'querystring.after', message: 'must be a number' }),
    ]);
  });

  it('names the statuses a ride may move to when the driver skips one', async () => {
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'BID_ACCEPTED',
      price: 40_000,
      commissionRateBps: 1200,
    });
    const error = await expectRefused(
      () =>
        call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
          token: driver.accessToken,
          body: { status: 'LOADING' },
        }),
      { status: 409, code: 'INVALID_TRANSITION' },
    );
    expect(error.message).toContain('DRIVER_ARRIVING');
    expect(error.details).toEqual({ from: 'BID_ACCEPTED', to: 'LOADING', allowed: ['DRIVER_ARRIVING'] });
  });

  it('names the invalid header', async () => {
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const missing = await expectRefused(
      () =>
        call(env.app, 'POST', '/api/payments', {
          token: customer.accessToken,
          body: { rideId, method: 'CASH' },
        }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
    expect(missing.message).toBe('Header idempotency-key is invalid (1 issue)');
    expect(missing.details?.issues).toEqual([
      expect.objectContaining({
        path: 'headers.idempotency-key',
        message: 'The Idempotency-Key header is required',
      }),
    ]);
  });
});
