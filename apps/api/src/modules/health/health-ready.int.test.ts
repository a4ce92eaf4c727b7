import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '#test/http-client';
import { deleteGovernorates, rerunReferenceDataMigration } from '#test/reference-data-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(async () => env?.close());

describe('/health/ready and reference data', () => {
  it('answers 503 naming the missing reference data until it is restored, then remembers it is there', async () => {
    await deleteGovernorates(env);
    const missing = await call(env.app, 'GET', '/health/ready');
    expect(missing.status).toBe(503);
    expect(missing.body).toMatchObject({
      status: 'not_ready',
      checks: { postgres: { status: 'up' }, redis: { status: 'up' }, referenceData: { status: 'down' } },
    });
    expect(missing.body.checks.referenceData.error).toMatch(
      /^missing reference data: governorates: 24 of 24 missing/,
    );
    expect(missing.body.checks.referenceData.error).not.toContain('subscription plans');

    // A "not there" verdict is not cached: the instance sees the data once it is back.
    await rerunReferenceDataMigration(env);
    expect((await call(env.app, 'GET', '/health/ready')).status).toBe(200);

    // A "there" verdict is cached, so polling stops querying for it; a new instance looks again.
    await deleteGovernorates(env);
    expect((await call(env.app, 'GET', '/health/ready')).status).toBe(200);
    const fresh = await env.startInstance();
    const again = await call(fresh.app, 'GET', '/health/ready');
    expect(again.status).toBe(503);
    expect(again.body.checks.referenceData.error).toContain('governorates: 24 of 24 missing (TN-11, TN-12');
  });

  it('names missing subscription plans and platform ledger accounts too', async () => {
    await rerunReferenceDataMigration(env);
    await env.database.pool.query("DELETE FROM subscription_plans WHERE code = 'BUSINESS'");
    await env.database.pool.query("DELETE FROM ledger_accounts WHERE kind = 'CASH_CLEARING'");
    const instance = await env.startInstance();
    const ready = await call(instance.app, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.referenceData.error).toBe(
      'missing reference data: subscription plans: 1 of 3 missing (BUSINESS); ' +
        'platform ledger accounts: 1 of 4 missing (CASH_CLEARING)',
    );
  });
});
