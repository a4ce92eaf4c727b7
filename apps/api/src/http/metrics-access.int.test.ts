import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

const TOKEN = 'metrics-token-0123456789';

describe('/metrics access', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => env?.close());

  it('without METRICS_TOKEN, serves loopback callers and refuses others with 403, whatever X-Forwarded-For says', async () => {
    const local = await env.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('process_cpu_user_seconds_total');

    const remote = await env.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.5' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ error: { code: 'FORBIDDEN', requestId: expect.any(String) } });

    // Behind a trusted proxy request.ip follows X-Forwarded-For, which any client can write: not used here.
    const proxied = await env.startInstance({ TRUST_PROXY: 'true' });
    const spoofed = await proxied.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.5',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(spoofed.statusCode).toBe(403);
  });

  it('with METRICS_TOKEN, requires the bearer token (401 in the error envelope otherwise)', async () => {
    const { app } = await env.startInstance({ METRICS_TOKEN: TOKEN });
    const right = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.5',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('http_request_duration_seconds');

    const missing = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ error: { code: 'TOKEN_MISSING', requestId: expect.any(String) } });

    const wrong = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer not-the-metrics-token' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
  });
});
