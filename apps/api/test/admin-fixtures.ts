import type { AdminRole, AuthResponse } from '@truck4u/contracts';
import { admins } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestAccount } from './factories';
import { call } from './http-client';
import { createAdmin, type TestEnvironment } from './test-environment';

/** An admin account with `role`, logged in. */
export async function loginAdminAs(env: TestEnvironment, role: AdminRole): Promise<TestAccount> {
  const admin = await createAdmin(env);
  await env.database.db.update(admins).set({ role }).where(eq(admins.id, admin.id));
  const response = await call<AuthResponse>(env.app, 'POST', '/api/auth/login', {
    body: { role: 'admin', phone: admin.phone, password: admin.password },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { ...response.body, phone: admin.phone, password: admin.password };
}

/** One logged-in admin per role. */
export async function adminsByRole(env: TestEnvironment): Promise<Record<AdminRole, TestAccount>> {
  const [SUPERADMIN, OPERATIONS, FINANCE, SUPPORT] = await Promise.all(
    (['SUPERADMIN', 'OPERATIONS', 'FINANCE', 'SUPPORT'] as const).map((role) => loginAdminAs(env, role)),
  );
  if (!SUPERADMIN || !OPERATIONS || !FINANCE || !SUPPORT) throw new Error('admin login failed');
  return { SUPERADMIN, OPERATIONS, FINANCE, SUPPORT };
}
