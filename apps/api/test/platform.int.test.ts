import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment({
    FRONTEND_URL: 'https://app.truck4u.tn',
    CORS_EXTRA_ORIGINS: 'http://127.0.0.1:8081',
  });
});
afterAll(async () => env?.close());

describe('platform', () => {
  it('exposes request durations by route pattern and status, plus process metrics', async () => {
    await env.app.inject({ method: 'GET', url: '/health/live' });
    await env.app.inject({ method: 'GET', url: '/api/me' });
    const metrics = await env.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} \d+/,
    );
    expect(metrics.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/me",status_code="401"\} \d+/,
    );
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('allows the web app origin, the listed extra origins and no other through CORS', async () => {
    const allowed = await env.app.inject({
      method: 'OPTIONS',
      url: '/api/auth/login',
      headers: { origin: 'https://app.truck4u.tn', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.truck4u.tn');
    const extra = await env.app.inject({
      method: 'OPTIONS',
      url: '/api/auth/login',
      headers: { origin: 'http://127.0.0.1:8081', 'access-control-request-method': 'POST' },
    });
    expect(extra.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8081');
    const denied = await env.app.inject({
      method: 'OPTIONS',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    expect(denied.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('answers a preflight with what the browser may send, and lets the web app read the headers it needs', async () => {
    const origin = 'https://app.truck4u.tn';
    const preflight = await env.app.inject({
      method: 'OPTIONS',
      url: '/api/rides',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '600',
    });
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('idempotency-key');

    const read = await env.app.inject({ method: 'GET', url: '/api/me', headers: { origin } });
    expect(read.statusCode).toBe(401);
    expect(read.headers['access-control-allow-origin']).toBe(origin);
    expect(read.headers['access-control-allow-credentials']).toBe('true');
    const exposed = String(read.headers['access-control-expose-headers']).split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'retry-after', 'idempotent-replayed']));
    expect(read.headers.vary).toBe('Origin');
  });

  it('sends no CORS header to callers without an Origin (the app, servers), but still says answers vary by it', async () => {
    const response = await env.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.headers['access-control-expose-headers']).toBeUndefined();
    expect(response.headers.vary).toBe('Origin');
  });

  it('sends security headers', async () => {
    const response = await env.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
