import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { adminAudit, admins } from '@truck4u/database';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import type { TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from '#test/test-environment';

let env: TestEnvironment;
let superadmin: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  superadmin = await loginAdminAs(env, 'SUPERADMIN');
});
afterAll(async () => env?.close());

const createAdmin = (body: unknown, token = superadmin.accessToken) =>
  call(env.app, 'POST', '/api/admin/admins', { token, body });
const updateAdmin = (id: string, body: unknown, token = superadmin.accessToken) =>
  call(env.app, 'PATCH', `/api/admin/admins/${id}`, { token, body });
const login = (phone: string, password: string) =>
  call(env.app, 'POST', '/api/auth/login', { body: { role: 'admin', phone, password } });

describe('admin accounts', () => {
  it('a superadmin creates an admin with a role, who can log in with just that role’s rights', async () => {
    const phone = uniquePhone();
    const created = await createAdmin({
      phone,
      name: 'Finance Desk',
      password: 'finance-pass-1',
      role: 'FINANCE',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ phone, name: 'Finance Desk', role: 'FINANCE', active: true });
    const session = await login(phone, 'finance-pass-1');
    expect(session.status).toBe(200);
    const token = session.body.accessToken as string;
    expect((await call(env.app, 'GET', '/api/admin/payments', { token })).status).toBe(200);
    expect((await call(env.app, 'GET', '/api/admin/rides', { token })).status).toBe(403);

    const list = await call(env.app, 'GET', '/api/admin/admins', { token: superadmin.accessToken });
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(created.body.id);
    const duplicate = await createAdmin({ phone, name: 'Again', password: 'finance-pass-1' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('PHONE_ALREADY_REGISTERED');
  });

  it('refuses bad input with the error envelope and creates nothing', async () => {
    const before = await env.database.db.select().from(admins);
    for (const body of [
      {},
      { phone: '12', name: 'X', password: 'short' },
      { phone: uniquePhone(), name: 'Valid Name', password: 'long-enough-1', role: 'ROOT' },
    ]) {
      const response = await createAdmin(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    for (const body of [{}, { role: 'ROOT' }, { active: 'no' }]) {
      const response = await updateAdmin(superadmin.user.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await env.database.db.select().from(admins)).toHaveLength(before.length);
  });

  it('deactivating an admin cuts off their tokens at once; reactivating lets them log in again', async () => {
    const phone = uniquePhone();
    const created = await createAdmin({
      phone,
      name: 'Ops Night',
      password: 'ops-pass-123',
      role: 'OPERATIONS',
    });
    const session = await login(phone, 'ops-pass-123');
    const deactivated = await updateAdmin(created.body.id, { active: false });
    expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
    expect(deactivated.body.active).toBe(false);
    const refused = await call(env.app, 'GET', '/api/admin/live', { token: session.body.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCOUNT_DEACTIVATED');
    expect((await login(phone, 'ops-pass-123')).status).toBe(403);
    expect((await updateAdmin(created.body.id, { active: true })).body.active).toBe(true);
    expect((await login(phone, 'ops-pass-123')).status).toBe(200);
  });

  it('never leaves the platform without an active superadmin', async () => {
    const others = await env.database.db.select().from(admins).where(eq(admins.role, 'SUPERADMIN'));
    for (const other of others.filter((a) => a.id !== superadmin.user.id)) {
      await env.database.db.update(admins).set({ role: 'SUPPORT' }).where(eq(admins.id, other.id));
    }
    for (const body of [{ role: 'SUPPORT' }, { active: false }]) {
      const response = await updateAdmin(superadmin.user.id, body);
      expect(response.status, JSON.stringify(body)).toBe(409);
      expect(response.body.error.code).toBe('CONFLICT');
    }
    const [still] = await env.database.db.select().from(admins).where(eq(admins.id, superadmin.user.id));
    expect(still).toMatchObject({ role: 'SUPERADMIN', isDeactivated: false });
  });

  it('is for superadmins only', async () => {
    const ops = await loginAdminAs(env, 'OPERATIONS');
    const response = await createAdmin(
      { phone: uniquePhone(), name: 'Sneaky', password: 'sneaky-pass-1', role: 'SUPERADMIN' },
      ops.accessToken,
    );
    expect(response.status).toBe(403);
    expect((await updateAdmin(ops.user.id, { role: 'SUPERADMIN' }, ops.accessToken)).status).toBe(403);
  });
});

describe('two superadmins deactivating or demoting each other at the same moment', () => {
  it('lets exactly one win and answers the other cleanly, never 500, round after round', async () => {
    const outcomes: number[] = [];
    try {
      for (let round = 0; round < 12; round += 1) {
        await env.database.db.update(admins).set({ role: 'SUPPORT' }).where(eq(admins.role, 'SUPERADMIN'));
        const [a, b] = await Promise.all([loginAdminAs(env, 'SUPERADMIN'), loginAdminAs(env, 'SUPERADMIN')]);
        if (!a || !b) throw new Error('login failed');
        // Alternate deactivation and demotion: both take the superadmin locks.
        const body = round % 3 === 2 ? { role: 'SUPPORT' } : { active: false };
        const [first, second] = await Promise.all([
          updateAdmin(b.user.id, body, a.accessToken),
          updateAdmin(a.user.id, body, b.accessToken),
        ]);
        const responses = [first, second];
        for (const response of responses) {
          expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
        }
        expect(
          responses.filter((r) => r.status === 200),
          `round ${round}`,
        ).toHaveLength(1);
        const loser = responses.find((r) => r.status !== 200);
        // 409: the last-superadmin rule; 403: the loser's own account was already changed when it arrived.
        expect([409, 403], JSON.stringify(loser?.body)).toContain(loser?.status);
        expect(['CONFLICT', 'FORBIDDEN', 'ACCOUNT_DEACTIVATED']).toContain(loser?.body.error.code);
        outcomes.push(loser?.status ?? 0);
        const active = await env.database.db
          .select()
          .from(admins)
          .where(and(eq(admins.role, 'SUPERADMIN'), eq(admins.isDeactivated, false)));
        expect(
          active.map((row) => row.id),
          `round ${round}`,
        ).toHaveLength(1);
      }
      expect(outcomes).toContain(409);
    } finally {
      await env.database.db
        .update(admins)
        .set({ role: 'SUPERADMIN', isDeactivated: false })
        .where(eq(admins.id, superadmin.user.id));
    }
  }, 60_000);
});

describe('GET /api/admin/audit', () => {
  it('lists every admin action with who, what, target, before and after, newest first, paged', async () => {
    const phone = uniquePhone();
    const created = await createAdmin({
      phone,
      name: 'Support One',
      password: 'support-pass-1',
      role: 'SUPPORT',
    });
    await updateAdmin(created.body.id, { role: 'OPERATIONS' });
    const page = await call(env.app, 'GET', `/api/admin/audit?targetId=${created.body.id}&limit=1`, {
      token: superadmin.accessToken,
    });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.items).toMatchObject([
      {
        adminId: superadmin.user.id,
        action: 'admins.update',
        targetType: 'admin',
        targetId: created.body.id,
        before: { role: 'SUPPORT' },
        after: { role: 'OPERATIONS' },
      },
    ]);
    const next = await call(
      env.app,
      'GET',
      `/api/admin/audit?targetId=${created.body.id}&limit=1&cursor=${page.body.nextCursor}`,
      { token: superadmin.accessToken },
    );
    expect(next.body.items).toMatchObject([
      { action: 'admins.create', before: null, after: { role: 'SUPPORT' } },
    ]);
    expect(next.body.nextCursor).toBeUndefined();
    const bad = await call(env.app, 'GET', '/api/admin/audit?cursor=abc', { token: superadmin.accessToken });
    expect(bad.status).toBe(400);
  });

  it('has no row for an action that failed', async () => {
    const before = await env.database.db.select().from(adminAudit);
    await updateAdmin(crypto.randomUUID(), { role: 'FINANCE' });
    await createAdmin({ phone: '12' });
    expect(await env.database.db.select().from(adminAudit)).toHaveLength(before.length);
  });
});

describe('npm run admin:create --role', () => {
  const apiRoot = fileURLToPath(new URL('../../..', import.meta.url));
  async function run(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/create-admin.cli.ts', ...args], {
      cwd: apiRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        DATABASE_URL: env.databaseUrl,
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_KEY_PREFIX: env.redisPrefix,
        JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-keys',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const [code] = await once(child, 'exit');
    return { code: code as number | null, output };
  }
  const roleOf = async (phone: string) =>
    (await env.database.db.select({ role: admins.role }).from(admins).where(eq(admins.phone, phone)))[0]
      ?.role;

  it('creates a SUPERADMIN by default, the given role otherwise, and refuses an unknown role', async () => {
    const base = ['--password', 'cli-pass-1234', '--name', 'Cli Admin'];
    const first = uniquePhone();
    expect((await run(['--phone', first, ...base])).code).toBe(0);
    expect(await roleOf(first)).toBe('SUPERADMIN');
    const second = uniquePhone();
    const finance = await run(['--phone', second, ...base, '--role', 'FINANCE']);
    expect(finance.code, finance.output).toBe(0);
    expect(finance.output).toContain('role FINANCE');
    expect(await roleOf(second)).toBe('FINANCE');
    const third = uniquePhone();
    const bad = await run(['--phone', third, ...base, '--role', 'ROOT']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--role');
    expect(await roleOf(third)).toBeUndefined();
  }, 60_000);
});
