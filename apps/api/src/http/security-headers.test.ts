import fastifyHelmet from '@fastify/helmet';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createServer } from '../composition/server';
import { loadConfig } from '../config/config';
import {
  API_SECURITY_HEADERS,
  computeSecurityHeaders,
  HELMET_OPTIONS,
  registerSecurityHeaders,
} from './security-headers';

// Headers that differ between any two responses, whoever sets the security headers.
const PER_RESPONSE = new Set(['date', 'content-length', 'connection', 'keep-alive']);

function headerSet(response: LightMyRequestResponse): Record<string, unknown> {
  return Object.fromEntries(Object.entries(response.headers).filter(([name]) => !PER_RESPONSE.has(name)));
}

async function answerWith(setUp: (app: ReturnType<typeof Fastify>) => Promise<void>) {
  const app = Fastify({ logger: false });
  await setUp(app);
  app.get('/json', async () => ({ ok: true }));
  app.get('/html', async (_request, reply) => reply.type('text/html').send('<p>hi</p>'));
  app.get('/powered', async (_request, reply) => {
    reply.raw.setHeader('x-powered-by', 'something');
    return { ok: true };
  });
  await app.ready();
  const responses = await Promise.all(
    ['/json', '/html', '/powered', '/missing'].map((url) => app.inject({ method: 'GET', url })),
  );
  await app.close();
  return responses.map(headerSet);
}

describe('security headers computed once', () => {
  it('are exactly the headers @fastify/helmet sets with the same configuration, on every kind of response', async () => {
    const byPlugin = await answerWith(async (app) => {
      await app.register(fastifyHelmet, HELMET_OPTIONS);
    });
    const precomputed = await answerWith(async (app) =>
      registerSecurityHeaders(app, computeSecurityHeaders(HELMET_OPTIONS)),
    );
    expect(precomputed).toEqual(byPlugin);
    expect(precomputed[0]).toMatchObject({
      'content-security-policy': expect.stringContaining("script-src 'self' 'unsafe-inline'"),
      'strict-transport-security': expect.any(String),
      'x-content-type-options': 'nosniff',
    });
  });

  it('give every api answer the REST set: nothing may render, run or frame it, and it is never sniffed', async () => {
    const app = await createServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }));
    app.get('/json', async () => ({ ok: true }));
    await app.ready();
    const answers = await Promise.all(
      ['/json', '/missing', '/health/live'].map((url) => app.inject({ method: 'GET', url })),
    );
    await app.close();
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
    expect(API_SECURITY_HEADERS.set).toHaveLength(6);
  });

  it('let the Swagger UI at /docs load its inline styles and scripts', async () => {
    const app = await createServer(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }));
    await app.ready();
    const entry = await app.inject({ method: 'GET', url: '/docs' });
    const location = String(entry.headers.location ?? '/docs');
    const page = await app.inject({ method: 'GET', url: new URL(location, 'http://api/docs/').pathname });
    await app.close();
    expect(page.body).toContain('swagger-ui');
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: validator.swagger.io");
    // The UI page gets helmet's whole set, not only its CSP.
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });
});
