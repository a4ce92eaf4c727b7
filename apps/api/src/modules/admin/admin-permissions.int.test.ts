import { randomUUID } from 'node:crypto';
import { ADMIN_ROLES, type AdminRole } from '@truck4u/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminsByRole } from '#test/admin-fixtures';
import { registerCustomer, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { ADMIN_ROUTE_ACTIONS } from './admin-permissions';

const OPS = 'OPERATIONS';
const FIN = 'FINANCE';
const SUP = 'SUPPORT';

/**
 * Who besides SUPERADMIN may call each admin route: the matrix of docs/SECURITY.md, written out here on its
 * own so that a change to ADMIN_PERMISSIONS or ADMIN_ROUTE_ACTIONS that moves a route fails this test.
 */
const EXPECTED: Record<string, readonly AdminRole[]> = {
  'GET /api/admin/me': [OPS, FIN, SUP],
  'GET /api/admin/rides': [OPS, SUP],
  'GET /api/admin/rides/:id': [OPS, SUP],
  'POST /api/admin/rides/:id/cancel': [OPS],
  'POST /api/admin/rides/:id/redispatch': [OPS],
  'POST /api/admin/rides/:id/delivery-code/unlock': [OPS, SUP],
  'GET /api/admin/live': [OPS],
  'GET /api/admin/drivers': [OPS, SUP],
  'GET /api/admin/drivers/:id/documents': [OPS, SUP],
  'PATCH /api/admin/documents/:id/review': [OPS],
  'PATCH /api/admin/drivers/:id/verify': [OPS],
  'PATCH /api/admin/drivers/:id/suspend': [OPS],
  'PATCH /api/admin/drivers/:id/activate': [OPS],
  'PATCH /api/admin/drivers/:id/cash-cap': [FIN],
  'GET /api/admin/customers': [OPS, SUP],
  'PATCH /api/admin/customers/:id/suspend': [OPS],
  'PATCH /api/admin/customers/:id/activate': [OPS],
  'GET /api/admin/disputes': [OPS, FIN, SUP],
  'PATCH /api/admin/disputes/:id': [OPS, FIN],
  'GET /api/admin/payments': [FIN],
  'POST /api/admin/payments/:id/refund': [FIN],
  'GET /api/admin/commissions': [FIN],
  'GET /api/admin/commissions/audit': [FIN],
  'PUT /api/admin/commissions/:governorate': [FIN],
  'GET /api/admin/stats': [FIN],
  'GET /api/admin/tokens/blacklist-stats': [],
  'GET /api/admin/audit': [],
  'GET /api/admin/admins': [],
  'POST /api/admin/admins': [],
  'PATCH /api/admin/admins/:id': [],
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let env: TestEnvironment;
let byRole: Record<AdminRole, TestAccount>;
let customer: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  byRole = await adminsByRole(env);
  customer = await registerCustomer(env);
});
afterAll(async () => env?.close());

/** A request to the route that changes nothing even when allowed: unknown ids, an empty body. */
function request(key: string, token: string | undefined) {
  const [method, path] = key.split(' ') as [Method, string];
  const url = path.replace(':governorate', 'TN-11').replace(/:id\b/g, randomUUID());
  return call(env.app, method, url, { token, ...(method === 'GET' ? {} : { body: {} }) });
}

describe('admin permissions', () => {
  it('has an entry, here and in ADMIN_ROUTE_ACTIONS, for every admin route the api serves', () => {
    const registered = [...env.app.adminRouteKeys].sort();
    expect(registered.filter((key) => !(key in EXPECTED))).toEqual([]);
    expect(registered.filter((key) => !(key in ADMIN_ROUTE_ACTIONS))).toEqual([]);
    expect(Object.keys(ADMIN_ROUTE_ACTIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const routes = Object.keys(EXPECTED);
  it.each(routes)('%s: allowed roles get past the check, the others get 403 FORBIDDEN', async (key) => {
    if (!env.app.adminRouteKeys.has(key)) return; // a feature still being built: nothing to call yet
    const allowed = new Set<AdminRole>(['SUPERADMIN', ...(EXPECTED[key] ?? [])]);
    for (const role of ADMIN_ROLES) {
      const response = await request(key, byRole[role].accessToken);
      if (allowed.has(role)) {
        expect(response.status, `${role} ${key}: ${JSON.stringify(response.body)}`).not.toBe(403);
        expect(response.status, `${role} ${key}`).toBeLessThan(500);
      } else {
        expect(response.status, `${role} ${key}`).toBe(403);
        expect(response.body.error.code, `${role} ${key}`).toBe('FORBIDDEN');
      }
    }
    const anonymous = await request(key, undefined);
    expect(anonymous.status, key).toBe(401);
    const notAnAdmin = await request(key, customer.accessToken);
    expect(notAnAdmin.status, key).toBe(403);
  });

  it('GET /admin/queues (the queue board, outside /api/admin/): SUPERADMIN and OPERATIONS only', async () => {
    const allowed = new Set<AdminRole>(['SUPERADMIN', OPS]);
    for (const role of ADMIN_ROLES) {
      const response = await env.app.inject({
        method: 'GET',
        url: '/admin/queues/api/queues',
        headers: { authorization: `Bearer ${byRole[role].accessToken}` },
      });
      expect(response.statusCode, role).toBe(allowed.has(role) ? 200 : 403);
      if (!allowed.has(role)) expect(response.json().error.code, role).toBe('FORBIDDEN');
    }
  });

  it('reads the role on every request: a demoted admin loses access at once, a deactivated one entirely', async () => {
    const superadmin = byRole.SUPERADMIN;
    const ops = byRole.OPERATIONS;
    expect((await call(env.app, 'GET', '/api/admin/live', { token: ops.accessToken })).status).toBe(200);
    const demoted = await call(env.app, 'PATCH', `/api/admin/admins/${ops.user.id}`, {
      token: superadmin.accessToken,
      body: { role: 'SUPPORT' },
    });
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    expect(demoted.body).toMatchObject({ role: 'SUPPORT', active: true });
    const refused = await call(env.app, 'GET', '/api/admin/live', { token: ops.accessToken });
    expect(refused.status).toBe(403);
    expect((await call(env.app, 'GET', '/api/admin/rides', { token: ops.accessToken })).status).toBe(200);
    const me = await call(env.app, 'GET', '/api/admin/me', { token: ops.accessToken });
    // The queue board sits outside /api/admin/ but is checked against the same table.
    const board = await env.app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: `Bearer ${ops.accessToken}` },
    });
    expect(board.statusCode).toBe(403);
    expect(me.body).toMatchObject({
      role: 'SUPPORT',
      permissions: ['rides.read', 'deliveryCodes.unlock', 'customers.read', 'drivers.read', 'disputes.read'],
    });
  });
});
