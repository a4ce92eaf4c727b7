import { uploads } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { TINY_JPEG, uploadFile } from '#test/upload-fixtures';
import { uploadLimitKey } from './uploads.service';

const LIMIT = 3;

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment({ UPLOAD_LIMIT_PER_HOUR: String(LIMIT) });
});
afterAll(async () => env?.close());

const askUpload = (account: TestAccount) =>
  call(env.app, 'POST', '/api/uploads', {
    token: account.accessToken,
    body: { purpose: 'CARGO_PHOTO', contentType: 'image/jpeg', sizeBytes: TINY_JPEG.length },
  });

async function uploadsOf(account: TestAccount): Promise<number> {
  const rows = await env.database.db
    .select({ id: uploads.id })
    .from(uploads)
    .where(eq(uploads.ownerId, account.user.id));
  return rows.length;
}

describe('POST /api/uploads rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the hourly limit, and writes nothing', async () => {
    const customer = await registerCustomer(env);
    for (let i = 0; i < LIMIT; i++) expect((await askUpload(customer)).status).toBe(201);

    const refused = await askUpload(customer);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.body.error.requestId).toEqual(expect.any(String));
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body.error.details).toMatchObject({ retryAfterSeconds: retryAfter, limit: LIMIT });
    expect(await uploadsOf(customer)).toBe(LIMIT);
    expect(await env.redis.get(env.redisPrefix + uploadLimitKey('customer', customer.user.id))).toBe(
      String(LIMIT),
    );
  });

  it('counts each user on their own: another user still uploads the whole flow', async () => {
    const customer = await registerCustomer(env);
    for (let i = 0; i < LIMIT; i++) expect((await askUpload(customer)).status).toBe(201);
    expect((await askUpload(customer)).status).toBe(429);

    const driver = await registerDriver(env);
    const id = await uploadFile(env, driver, { purpose: 'PROOF_PHOTO' });
    expect(id).toEqual(expect.any(String));
  });

  it('fails open when Redis is unreachable: the upload is still granted', async () => {
    const noRedis = await env.startInstance({
      REDIS_URL: 'redis://127.0.0.1:1',
      REALTIME_EMIT_TIMEOUT_MS: '200',
    });
    const customer = await registerCustomer(env);
    const granted = await call(noRedis.app, 'POST', '/api/uploads', {
      token: customer.accessToken,
      body: { purpose: 'CARGO_PHOTO', contentType: 'image/jpeg', sizeBytes: TINY_JPEG.length },
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
  });
});
