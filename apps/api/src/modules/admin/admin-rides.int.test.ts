import { adminAudit, bids, drivers, rideCancellations, rideNotifications, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import { acceptBid, offerRide, placeBid, rideRow } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, nextEvent } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let baseUrl: string;
let ops: TestAccount;
let support: TestAccount;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
  ops = await loginAdminAs(env, 'OPERATIONS');
  support = await loginAdminAs(env, 'SUPPORT');
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

async function socketOf(account: TestAccount): Promise<ClientSocket> {
  const socket = await connectSocket(baseUrl, account.accessToken);
  sockets.push(socket);
  return socket;
}

const cancel = (
  rideId: string,
  body: unknown = { reason: 'Stuck: customer unreachable' },
  token = ops.accessToken,
) => call(env.app, 'POST', `/api/admin/rides/${rideId}/cancel`, { token, body });

const auditOf = (rideId: string) =>
  env.database.db.select().from(adminAudit).where(eq(adminAudit.targetId, rideId));

describe('GET /api/admin/rides', () => {
  it('finds rides by customer phone, driver plate or ride id, filters by status, and pages without repeats', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const [plate] = await env.database.db
      .select({ plate: drivers.vehiclePlate })
      .from(drivers)
      .where(eq(drivers.id, driver.user.id));
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push(await insertRide(env, { customerId: customer.user.id }));
    const withDriver = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'IN_TRANSIT',
      price: 50_000,
    });

    const byPhone = await call(
      env.app,
      'GET',
      `/api/admin/rides?q=${encodeURIComponent(customer.phone)}&limit=2`,
      {
        token: support.accessToken,
      },
    );
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(200);
    expect(byPhone.body.items).toHaveLength(2);
    expect(byPhone.body.items[0]).toMatchObject({
      customer: { id: customer.user.id, phone: customer.phone },
    });
    const second = await call(
      env.app,
      'GET',
      `/api/admin/rides?q=${encodeURIComponent(customer.phone)}&limit=2&cursor=${byPhone.body.nextCursor}`,
      { token: support.accessToken },
    );
    const seen = [...byPhone.body.items, ...second.body.items].map((r: { id: string }) => r.id);
    expect(new Set(seen).size).toBe(4);
    expect(second.body.nextCursor).toBeUndefined();

    const byPlate = await call(
      env.app,
      'GET',
      `/api/admin/rides?q=${encodeURIComponent(plate?.plate ?? '')}`,
      {
        token: support.accessToken,
      },
    );
    expect(byPlate.body.items.map((r: { id: string }) => r.id)).toEqual([withDriver]);
    expect(byPlate.body.items[0].driver).toMatchObject({ id: driver.user.id, plate: plate?.plate });

    const byId = await call(env.app, 'GET', `/api/admin/rides?q=${ids[1]}`, { token: support.accessToken });
    expect(byId.body.items.map((r: { id: string }) => r.id)).toEqual([ids[1]]);

    const inTransit = await call(
      env.app,
      'GET',
      `/api/admin/rides?status=IN_TRANSIT&q=${encodeURIComponent(customer.phone)}`,
      { token: support.accessToken },
    );
    expect(inTransit.body.items.map((r: { id: string }) => r.id)).toEqual([withDriver]);

    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const future = await call(env.app, 'GET', `/api/admin/rides?from=${tomorrow}`, {
      token: support.accessToken,
    });
    expect(future.body.items).toEqual([]);
    const around = await call(env.app, 'GET', `/api/admin/rides?to=${tomorrow}&q=${ids[0]}`, {
      token: support.accessToken,
    });
    expect(around.body.items).toHaveLength(1);
  });

  it('answers bad filters with the error envelope', async () => {
    for (const query of [
      'status=LOST',
      'governorate=XX',
      'from=2026-02-30',
      'from=2026-03-02&to=2026-03-01',
      'cursor=nope',
    ]) {
      const response = await call(env.app, 'GET', `/api/admin/rides?${query}`, {
        token: support.accessToken,
      });
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /api/admin/rides/:id', () => {
  it('shows the ride with its events, bids and payments, and empty proofs and chat', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    const bid = await placeBid(env, driver, rideId);
    const response = await call(env.app, 'GET', `/api/admin/rides/${rideId}`, { token: support.accessToken });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.ride).toMatchObject({
      id: rideId,
      customer: { id: customer.user.id },
      driver: null,
    });
    expect(response.body.bids.map((b: { id: string }) => b.id)).toEqual([bid.id]);
    expect(response.body).toMatchObject({ payments: [], proofs: [], chat: [], cancellation: null });
    const missing = await call(env.app, 'GET', `/api/admin/rides/${crypto.randomUUID()}`, {
      token: support.accessToken,
    });
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/admin/rides/:id audit', () => {
  it('adds the ride’s audit rows, oldest first, for superadmins only', async () => {
    const superadmin = await loginAdminAs(env, 'SUPERADMIN');
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id, status: 'NO_DRIVERS_AVAILABLE' });
    const other = await insertRide(env, { customerId: customer.user.id });
    expect(
      (await call(env.app, 'POST', `/api/admin/rides/${rideId}/redispatch`, { token: ops.accessToken }))
        .status,
    ).toBe(200);
    expect((await cancel(rideId)).status).toBe(200);
    expect((await cancel(other)).status).toBe(200);

    const detail = await call(env.app, 'GET', `/api/admin/rides/${rideId}`, {
      token: superadmin.accessToken,
    });
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.audit).toMatchObject([
      { action: 'rides.redispatch', adminId: ops.user.id, targetType: 'ride', targetId: rideId },
      {
        action: 'rides.cancel',
        adminId: ops.user.id,
        targetId: rideId,
        before: { status: 'PENDING_BIDS' },
        after: { status: 'CANCELLED', reason: 'Stuck: customer unreachable' },
      },
    ]);
    for (const account of [ops, support]) {
      const seen = await call(env.app, 'GET', `/api/admin/rides/${rideId}`, { token: account.accessToken });
      expect(seen.status).toBe(200);
      expect(seen.body).not.toHaveProperty('audit');
    }
  });
});

describe('POST /api/admin/rides/:id/cancel', () => {
  it('cancels a stuck ride with no fee, rejects its bids and tells the customer, the bidder and the live map', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    const bid = await placeBid(env, driver, rideId);
    const customerSocket = await socketOf(customer);
    const driverSocket = await socketOf(driver);
    const liveSocket = await socketOf(ops);
    expect(await liveSocket.emitWithAck('admin:join-live', {})).toEqual({ ok: true });

    const customerStatus = nextEvent(customerSocket, 'ride:status');
    const rejected = nextEvent(driverSocket, 'bid:rejected');
    const liveStatus = nextEvent(liveSocket, 'ride:status');
    const response = await cancel(rideId);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.ride).toMatchObject({ id: rideId, status: 'CANCELLED' });

    expect(await customerStatus).toMatchObject({ rideId, from: 'PENDING_BIDS', to: 'CANCELLED' });
    expect(await rejected).toMatchObject({
      bid: { id: bid.id, status: 'REJECTED' },
      reason: 'RIDE_CANCELLED',
    });
    expect(await liveStatus).toMatchObject({ rideId, to: 'CANCELLED' });
    const [record] = await env.database.db
      .select()
      .from(rideCancellations)
      .where(eq(rideCancellations.rideId, rideId));
    expect(record).toMatchObject({ actorRole: 'admin', actorId: ops.user.id, fee: 0, feeStatus: 'NONE' });
    const [audit] = await auditOf(rideId);
    expect(audit).toMatchObject({
      adminId: ops.user.id,
      action: 'rides.cancel',
      targetType: 'ride',
      before: { status: 'PENDING_BIDS' },
      after: { status: 'CANCELLED', reason: 'Stuck: customer unreachable' },
    });

    const again = await cancel(rideId);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    expect(await auditOf(rideId)).toHaveLength(1);
  });

  it('refuses a missing or too short reason, and support admins, changing nothing', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    for (const body of [{}, { reason: '' }, { reason: 'no' }, { reason: 42 }]) {
      const response = await cancel(rideId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const forbidden = await cancel(rideId, { reason: 'Stuck ride' }, support.accessToken);
    expect(forbidden.status).toBe(403);
    expect((await rideRow(env, rideId)).status).toBe('PENDING_BIDS');
    expect(await auditOf(rideId)).toEqual([]);
  });

  it('against a bid accepted at the same moment, exactly one of the two wins', async () => {
    for (let round = 0; round < 5; round += 1) {
      const customer = await registerCustomer(env);
      const driver = await registerDriver(env, { verified: true });
      const rideId = await insertRide(env, { customerId: customer.user.id });
      await offerRide(env, rideId, driver.user.id);
      const bid = await placeBid(env, driver, rideId);
      const [cancelled, accepted] = await Promise.all([
        cancel(rideId),
        acceptBid(env, customer, rideId, bid.id),
      ]);
      const wins = [cancelled.status, accepted.status].filter((status) => status === 200);
      expect(wins, `cancel ${cancelled.status}, accept ${accepted.status}`).toHaveLength(1);
      const row = await rideRow(env, rideId);
      const [bidRow] = await env.database.db.select().from(bids).where(eq(bids.id, bid.id));
      if (cancelled.status === 200) {
        expect(row.status).toBe('CANCELLED');
        expect(bidRow?.status).toBe('REJECTED');
        expect(accepted.status).toBe(409);
      } else {
        expect(row.status).toBe('BID_ACCEPTED');
        expect(bidRow?.status).toBe('ACCEPTED');
        expect(cancelled.body.error.code).toBe('INVALID_TRANSITION');
        expect(await auditOf(rideId)).toEqual([]);
      }
    }
  });

  it('refuses rides the status machine cannot cancel (loaded, completed)', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'IN_TRANSIT',
      price: 40_000,
    });
    const response = await cancel(rideId);
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { status: 'IN_TRANSIT' },
    });
  });
});

describe('POST /api/admin/rides/:id/redispatch', () => {
  it('puts a ride without drivers back to PENDING_BIDS in a new round that asks everyone again', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, { customerId: customer.user.id, status: 'NO_DRIVERS_AVAILABLE' });
    await offerRide(env, rideId, driver.user.id);
    const customerSocket = await socketOf(customer);
    const status = nextEvent(customerSocket, 'ride:status');
    const response = await call(env.app, 'POST', `/api/admin/rides/${rideId}/redispatch`, {
      token: ops.accessToken,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.ride).toMatchObject({ id: rideId, status: 'PENDING_BIDS' });
    expect(await status).toMatchObject({ rideId, from: 'NO_DRIVERS_AVAILABLE', to: 'PENDING_BIDS' });
    const row = await rideRow(env, rideId);
    expect(row.dispatchRound).toBe(1);
    const notified = await env.database.db
      .select()
      .from(rideNotifications)
      .where(eq(rideNotifications.rideId, rideId));
    expect(notified).toEqual([]);
    const [audit] = await auditOf(rideId);
    expect(audit).toMatchObject({ action: 'rides.redispatch', after: { dispatchRound: 1 } });
  });

  it('restarts a ride stuck waiting for bids, keeping its status and its bids', async () => {
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    const rideId = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, rideId, driver.user.id);
    const bid = await placeBid(env, driver, rideId);
    const response = await call(env.app, 'POST', `/api/admin/rides/${rideId}/redispatch`, {
      token: ops.accessToken,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const row = await rideRow(env, rideId);
    expect(row).toMatchObject({ status: 'PENDING_BIDS', dispatchRound: 1 });
    const [bidRow] = await env.database.db.select().from(bids).where(eq(bids.id, bid.id));
    expect(bidRow?.status).toBe('PENDING');
  });

  it('refuses a ride that already has a driver or has ended', async () => {
    const customer = await registerCustomer(env);
    for (const status of ['COMPLETED', 'CANCELLED'] as const) {
      const rideId = await insertRide(env, { customerId: customer.user.id, status });
      const response = await call(env.app, 'POST', `/api/admin/rides/${rideId}/redispatch`, {
        token: ops.accessToken,
      });
      expect(response.status, status).toBe(409);
      expect((await rideRow(env, rideId)).dispatchRound).toBe(0);
    }
    const [unchanged] = await env.database.db
      .select()
      .from(rides)
      .where(eq(rides.customerId, customer.user.id));
    expect(unchanged?.dispatchRound).toBe(0);
  });
});
