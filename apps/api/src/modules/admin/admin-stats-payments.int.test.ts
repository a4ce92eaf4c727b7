import { bids, payments, rideCancellations, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let finance: TestAccount;
let customer: TestAccount;
let driver: TestAccount;
beforeAll(async () => {
  env = await createTestEnvironment();
  finance = await loginAdminAs(env, 'FINANCE');
  customer = await registerCustomer(env);
  driver = await registerDriver(env, { verified: true });
});
afterAll(async () => env?.close());

const at = (iso: string) => new Date(iso);
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000);

/** A ride posted at `createdAt` (UTC), with its first bid, acceptance and completion `seconds` later. */
async function ride(input: {
  createdAt: string;
  governorate?: string;
  status: 'COMPLETED' | 'CANCELLED' | 'PENDING_BIDS';
  firstBidAfter?: number;
  acceptedAfter?: number;
  completedAt?: string;
  price?: number;
  rateBps?: number;
  cancelledBy?: 'customer';
}): Promise<string> {
  const id = await insertRide(env, {
    customerId: customer.user.id,
    status: input.status,
    ...(input.price === undefined ? {} : { price: input.price, driverId: driver.user.id }),
    ...(input.rateBps === undefined ? {} : { commissionRateBps: input.rateBps }),
  });
  await env.database.db
    .update(rides)
    .set({
      createdAt: at(input.createdAt),
      governorateCode: input.governorate ?? 'TN-11',
      acceptedAt: input.acceptedAfter === undefined ? null : plus(input.createdAt, input.acceptedAfter),
      completedAt: input.completedAt ? at(input.completedAt) : null,
    })
    .where(eq(rides.id, id));
  if (input.firstBidAfter !== undefined) {
    await env.database.db.insert(bids).values({
      rideId: id,
      driverId: driver.user.id,
      price: 40_000,
      etaMinutes: 10,
      status: input.acceptedAfter === undefined ? 'PENDING' : 'ACCEPTED',
      createdAt: plus(input.createdAt, input.firstBidAfter),
      expiresAt: plus(input.createdAt, 3600),
    });
  }
  if (input.cancelledBy) {
    await env.database.db.insert(rideCancellations).values({
      rideId: id,
      actorRole: input.cancelledBy,
      actorId: customer.user.id,
      statusAtCancellation: 'PENDING_BIDS',
    });
  }
  return id;
}

const stats = (query: string, token = finance.accessToken) =>
  call(env.app, 'GET', `/api/admin/stats?${query}`, { token });

describe('GET /api/admin/stats over a period', () => {
  it('counts rides on their Tunis posting day and money on their Tunis completion day, per day and governorate', async () => {
    // 09:00 in Tunis on the 10th; completed the same day.
    await ride({
      createdAt: '2026-03-10T08:00:00Z',
      status: 'COMPLETED',
      firstBidAfter: 60,
      acceptedAfter: 300,
      completedAt: '2026-03-10T10:00:00Z',
      price: 50_000,
      rateBps: 1000,
    });
    // 23:30 on the 10th in Tunis; completed at 00:30 on the 11th, so its money counts on the 11th.
    await ride({
      createdAt: '2026-03-10T22:30:00Z',
      status: 'COMPLETED',
      firstBidAfter: 30,
      acceptedAfter: 100,
      completedAt: '2026-03-10T23:30:00Z',
      price: 33_333,
      rateBps: 1500,
    });
    // 00:30 on the 10th in Tunis (still the 9th in UTC); expired without an actor.
    await ride({ createdAt: '2026-03-09T23:30:00Z', status: 'CANCELLED', firstBidAfter: 90 });
    // 00:30 on the 11th in Tunis, in Ariana, cancelled by the customer.
    await ride({
      createdAt: '2026-03-10T23:30:00Z',
      governorate: 'TN-12',
      status: 'CANCELLED',
      cancelledBy: 'customer',
    });
    // 23:30 on the 9th in Tunis: before the period.
    await ride({ createdAt: '2026-03-09T22:30:00Z', status: 'PENDING_BIDS' });

    const response = await stats('from=2026-03-10&to=2026-03-11&granularity=day');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { period } = response.body;
    expect(period).toMatchObject({
      from: '2026-03-10',
      to: '2026-03-11',
      timezone: 'Africa/Tunis',
      granularity: 'day',
    });
    expect(period.totals).toMatchObject({
      ridesPosted: 4,
      ridesAccepted: 2,
      conversionBps: 5000,
      ridesCompleted: 2,
      gmv: 83_333,
      // 5,000 + round-half-up(33,333 × 15%) = 5,000 + 5,000
      commission: 10_000,
      medianSecondsToFirstBid: 60,
      medianSecondsToAcceptance: 200,
      cancellations: { customer: 1, driver: 0, admin: 0, system: 1 },
    });
    expect(period.totals.ridesByStatus).toMatchObject({ COMPLETED: 2, CANCELLED: 2, PENDING_BIDS: 0 });
    expect(period.series).toHaveLength(2);
    expect(period.series[0]).toMatchObject({
      date: '2026-03-10',
      ridesPosted: 3,
      ridesCompleted: 1,
      gmv: 50_000,
      commission: 5_000,
    });
    expect(period.series[1]).toMatchObject({
      date: '2026-03-11',
      ridesPosted: 1,
      ridesCompleted: 1,
      gmv: 33_333,
    });
    expect(period.governorates).toEqual([
      expect.objectContaining({ code: 'TN-11', name: 'Tunis', ridesPosted: 3, gmv: 83_333 }),
      expect.objectContaining({
        code: 'TN-12',
        name: 'Ariana',
        ridesPosted: 1,
        cancellations: { customer: 1, driver: 0, admin: 0, system: 0 },
      }),
    ]);
    // The dashboard counts are still there.
    expect(response.body.rides.total).toBe(5);

    const empty = await stats('from=2025-01-01&to=2025-01-03');
    expect(empty.body.period.series).toHaveLength(3);
    expect(empty.body.period.totals).toMatchObject({
      ridesPosted: 0,
      conversionBps: null,
      gmv: 0,
      medianSecondsToFirstBid: null,
    });
  });

  it('defaults to the last 30 days', async () => {
    const response = await stats('');
    expect(response.status).toBe(200);
    expect(response.body.period.series).toHaveLength(30);
  });

  it('answers bad dates and ranges with the error envelope', async () => {
    for (const query of [
      'from=2026-02-30',
      'from=10-03-2026',
      'from=2026-03-11&to=2026-03-10',
      'from=2024-01-01&to=2026-01-01',
      'granularity=week',
    ]) {
      const response = await stats(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /api/admin/payments', () => {
  it('filters by status, method and day, newest first, paged', async () => {
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      status: 'COMPLETED',
      price: 20_000,
    });
    const rows = await env.database.db
      .insert(payments)
      .values([
        {
          rideId,
          customerId: customer.user.id,
          method: 'CASH',
          amount: 20_000,
          status: 'SUCCEEDED',
          idempotencyKey: 'k-cash-0001',
          requestHash: 'h',
          createdAt: at('2026-03-10T09:00:00Z'),
        },
        {
          customerId: customer.user.id,
          purpose: 'TOP_UP',
          method: 'FLOUCI',
          amount: 10_000,
          status: 'PENDING',
          idempotencyKey: 'k-top-0001',
          requestHash: 'h',
          createdAt: at('2026-03-10T10:00:00Z'),
        },
        {
          driverId: driver.user.id,
          purpose: 'TOP_UP',
          method: 'FLOUCI',
          amount: 5_000,
          status: 'FAILED',
          idempotencyKey: 'k-top-0002',
          requestHash: 'h',
          createdAt: at('2026-03-12T10:00:00Z'),
        },
      ])
      .returning({ id: payments.id });
    const ids = rows.map((r) => r.id);
    const list = (query: string) =>
      call(env.app, 'GET', `/api/admin/payments?${query}`, { token: finance.accessToken });

    const flouci = await list('method=FLOUCI');
    expect(flouci.status, JSON.stringify(flouci.body)).toBe(200);
    expect(flouci.body.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect((await list('status=SUCCEEDED')).body.items).toMatchObject([
      { id: ids[0], rideId, amount: 20_000 },
    ]);
    expect((await list('from=2026-03-10&to=2026-03-10')).body.items.map((p: { id: string }) => p.id)).toEqual(
      [ids[1], ids[0]],
    );
    const first = await list('limit=2');
    const second = await list(`limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((p: { id: string }) => p.id)).toEqual([
      ids[2],
      ids[1],
      ids[0],
    ]);

    for (const query of ['status=LOST', 'method=BITCOIN', 'cursor=xyz', 'to=2026-3-1']) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
