import { type AuthResponse, VEHICLE_CAPACITY_KG, type VehicleType } from '@truck4u/contracts';
import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { call } from './http-client';
import { createAdmin, type TestEnvironment, uniquePhone } from './test-environment';

export interface TestAccount extends AuthResponse {
  phone: string;
  password: string;
}

export async function registerCustomer(
  env: TestEnvironment,
  overrides: Record<string, unknown> = {},
): Promise<TestAccount> {
  const phone = uniquePhone();
  const password = 'customer-pass-1';
  const response = await call<AuthResponse>(env.app, 'POST', '/api/auth/register', {
    body: { role: 'customer', phone, password, name: 'Test Customer', ...overrides },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { ...response.body, phone, password };
}

export async function registerDriver(
  env: TestEnvironment,
  options: {
    vehicleType?: VehicleType;
    verified?: boolean;
    name?: string;
    plate?: string;
    /** Default: the most its vehicle type carries (VEHICLE_CAPACITY_KG), so any valid ride fits. */
    capacityKg?: number;
  } = {},
): Promise<TestAccount> {
  const phone = uniquePhone();
  const password = 'driver-pass-1';
  const response = await call<AuthResponse>(env.app, 'POST', '/api/auth/register', {
    body: {
      role: 'driver',
      phone,
      password,
      name: options.name ?? 'Test Driver',
      vehicle: {
        type: options.vehicleType ?? 'SMALL_VAN',
        plate: options.plate ?? '123 TU 4567',
        capacityKg: options.capacityKg ?? VEHICLE_CAPACITY_KG[options.vehicleType ?? 'SMALL_VAN'],
      },
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  if (options.verified) {
    await env.database.db
      .update(drivers)
      .set({ verificationStatus: 'VERIFIED' })
      .where(eq(drivers.id, response.body.user.id));
  }
  return { ...response.body, phone, password };
}

export async function loginAdmin(env: TestEnvironment): Promise<TestAccount> {
  const admin = await createAdmin(env);
  const response = await call<AuthResponse>(env.app, 'POST', '/api/auth/login', {
    body: { role: 'admin', phone: admin.phone, password: admin.password },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { ...response.body, phone: admin.phone, password: admin.password };
}

/** The latest 6-digit code the SMS stand-in received for a phone. */
export function lastCodeSentTo(env: TestEnvironment, phone: string): string {
  const message = env.sms.messagesTo(phone).at(-1);
  const code = message?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

/** Puts a driver online at a position through the api, as the driver app does; a refusal fails the test. */
export async function goOnlineAt(
  app: FastifyInstance,
  driver: TestAccount,
  at: { lat: number; lng: number },
): Promise<void> {
  const online = await call(app, 'PATCH', '/api/drivers/me/availability', {
    token: driver.accessToken,
    body: { online: true },
  });
  expect(online.status, JSON.stringify(online.body)).toBe(200);
  const located = await call(app, 'POST', '/api/drivers/me/location', {
    token: driver.accessToken,
    body: at,
  });
  expect(located.status, JSON.stringify(located.body)).toBe(200);
}
