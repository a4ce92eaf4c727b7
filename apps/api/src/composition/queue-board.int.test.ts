import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import { loginAdmin, registerCustomer } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { WORKER_QUEUES } from './job-registry';

describe('queue board at /admin/queues', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => env?.close());

  it('is refused to anonymous callers and non-admins, in the error envelope', async () => {
    const anonymous = await env.app.inject({ method: 'GET', url: '/admin/queues' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'TOKEN_MISSING' } });
    const customer = await registerCustomer(env);
    const asCustomer = await env.app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: `Bearer ${customer.accessToken}` },
    });
    expect(asCustomer.statusCode).toBe(403);
  });

  it('serves the board and its API to an admin, by bearer token or by the session cookie', async () => {
    const admin = await loginAdmin(env);
    const api = await env.app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(api.statusCode).toBe(200);
    const listed = (api.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    // Every queue the worker runs, payments included (it was missing once).
    expect(listed).toEqual([...WORKER_QUEUES].sort());
    expect(listed).toEqual(expect.arrayContaining(['payments', 'ride-dispatch', 'subscriptions']));

    const session = await env.app.inject({
      method: 'POST',
      url: '/admin/queues/session',
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(session.statusCode).toBe(204);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin/queues');
    const page = await env.app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('opens to roles with queues.read only: SUPPORT and FINANCE get 403, a demotion closes it at once', async () => {
    const board = (headers: Record<string, string>, method: 'GET' | 'POST' = 'GET') =>
      env.app.inject({
        method,
        url: method === 'GET' ? '/admin/queues/api/queues' : '/admin/queues/session',
        headers,
      });
    for (const role of ['SUPPORT', 'FINANCE'] as const) {
      const admin = await loginAdminAs(env, role);
      const bearer = { authorization: `Bearer ${admin.accessToken}` };
      for (const response of [await board(bearer), await board(bearer, 'POST')]) {
        expect(response.statusCode, role).toBe(403);
        expect(response.json(), role).toMatchObject({ error: { code: 'FORBIDDEN' } });
        expect(response.headers['set-cookie'], role).toBeUndefined();
      }
    }

    const ops = await loginAdminAs(env, 'OPERATIONS');
    const session = await board({ authorization: `Bearer ${ops.accessToken}` }, 'POST');
    expect(session.statusCode).toBe(204);
    const cookie = { cookie: String(session.headers['set-cookie']).split(';')[0] ?? '' };
    expect((await board(cookie)).statusCode).toBe(200);

    const superadmin = await loginAdminAs(env, 'SUPERADMIN');
    const demoted = await call(env.app, 'PATCH', `/api/admin/admins/${ops.user.id}`, {
      token: superadmin.accessToken,
      body: { role: 'SUPPORT' },
    });
    expect(demoted.status).toBe(200);
    const refused = await board(cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
