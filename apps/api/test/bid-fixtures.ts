import { rideNotifications, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestAccount } from './factories';
import { call } from './http-client';
import type { TestEnvironment } from './test-environment';

/** Records that dispatch offered the ride to these drivers (what makes a driver allowed to bid). */
export async function offerRide(env: TestEnvironment, rideId: string, ...driverIds: string[]): Promise<void> {
  await env.database.db
    .insert(rideNotifications)
    .values(driverIds.map((driverId) => ({ rideId, driverId, step: 0, distanceMeters: 1_000 })));
}

/** Places a bid over HTTP and expects it to be taken (201 for a first bid, 200 for an update). */
export async function placeBid(
  env: TestEnvironment,
  driver: TestAccount,
  rideId: string,
  body: { price: number; etaMinutes: number; message?: string } = { price: 40_000, etaMinutes: 15 },
): Promise<{ id: string; status: string; price: number; expiresAt: string }> {
  const response = await call(env.app, 'POST', `/api/rides/${rideId}/bids`, {
    token: driver.accessToken,
    body,
  });
  expect([200, 201], JSON.stringify(response.body)).toContain(response.status);
  return response.body;
}

export async function acceptBid(env: TestEnvironment, customer: TestAccount, rideId: string, bidId: string) {
  return call(env.app, 'POST', `/api/rides/${rideId}/bids/${bidId}/accept`, { token: customer.accessToken });
}

export async function rideRow(env: TestEnvironment, rideId: string) {
  const [row] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
  if (!row) throw new Error(`ride ${rideId} not found`);
  return row;
}
