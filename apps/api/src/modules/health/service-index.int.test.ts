import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { SERVICE_INFO } from './service-info';

describe('GET / and GET /health', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => env?.close());

  it('answers / with the name, the package version and where to look next', async () => {
    const index = await env.app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.json()).toEqual({
      name: '@truck4u/api',
      version: SERVICE_INFO.version,
      links: {
        docs: '/docs',
        openapi: '/docs/json',
        live: '/health/live',
        ready: '/health/ready',
        metrics: '/metrics',
      },
    });
    for (const link of ['/docs/json', '/health/live', '/health/ready', '/metrics']) {
      expect((await env.app.inject({ method: 'GET', url: link })).statusCode, link).toBe(200);
    }
  });

  it('answers /health exactly as /health/ready', async () => {
    const health = await env.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: 'ready',
      checks: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });
});
