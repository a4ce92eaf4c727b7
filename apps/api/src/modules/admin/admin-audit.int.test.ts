import { adminAudit } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import type { TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import * as fixtures from '#test/payment-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let worker: { close(): Promise<void> };
let finance: TestAccount;
let superadmin: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  worker = await fixtures.startPaymentWorker(env);
  finance = await loginAdminAs(env, 'FINANCE');
  superadmin = await loginAdminAs(env, 'SUPERADMIN');
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

const auditOf = (targetId: string) =>
  env.database.db.select().from(adminAudit).where(eq(adminAudit.targetId, targetId));

describe('the audit log of money actions', () => {
  it('records a refund with who, before and after, and only once however often it is replayed', async () => {
    const ride = await fixtures.completedRide(env, { price: 10_000 });
    await fixtures.fundWallet(env, ride.customer.user.id, 20_000);
    const created = await fixtures.pay(env, ride.customer.accessToken, {
      rideId: ride.rideId,
      method: 'WALLET',
    });
    expect(created.status).toBe(201);
    await fixtures.paymentReaches(env, ride.customer.accessToken, created.body.id, 'SUCCEEDED');
    const key = crypto.randomUUID();
    for (let i = 0; i < 2; i += 1) {
      const refunded = await fixtures.refund(env, finance.accessToken, created.body.id, undefined, key);
      expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    }
    expect(await auditOf(created.body.id)).toMatchObject([
      {
        adminId: finance.user.id,
        action: 'payments.refund',
        targetType: 'payment',
        before: { status: 'SUCCEEDED', amount: 10_000 },
        after: { status: 'REFUNDED', reason: 'Goods arrived damaged' },
      },
    ]);
  });

  it('records a commission change, and superadmins read both through GET /api/admin/audit', async () => {
    const changed = await call(env.app, 'PUT', '/api/admin/commissions/TN-12', {
      token: finance.accessToken,
      body: { rateBps: 1100 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const refused = await call(env.app, 'PUT', '/api/admin/commissions/TN-12', {
      token: finance.accessToken,
      body: { rateBps: 99_999 },
    });
    expect(refused.status).toBe(400);
    expect(await auditOf('TN-12')).toMatchObject([
      { action: 'commissions.write', targetType: 'commission', after: { rateBps: 1100, isActive: true } },
    ]);
    const log = await call(env.app, 'GET', '/api/admin/audit?action=commissions.write', {
      token: superadmin.accessToken,
    });
    expect(log.status).toBe(200);
    expect(log.body.items).toMatchObject([
      { targetId: 'TN-12', adminId: finance.user.id, adminName: 'Test Admin' },
    ]);
    expect((await call(env.app, 'GET', '/api/admin/audit', { token: finance.accessToken })).status).toBe(403);
  });
});
