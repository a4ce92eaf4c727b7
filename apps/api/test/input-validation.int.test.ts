import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, registerCustomer, registerDriver } from './factories';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

// Walks every route in the OpenAPI document, so routes added later are covered without editing this file.
let env: TestEnvironment;
let tokens: string[];
beforeAll(async () => {
  env = await createTestEnvironment();
  const [customer, driver, admin] = await Promise.all([
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
