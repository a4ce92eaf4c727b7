import { adminAudit, bids, customers, rideCancellations, rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, nextEvent } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { type AppInstance, createTestEnvironment, type TestEnvironment } from '#test/test-environment';

let env: TestEnvironment;
let other: AppInstance;
let baseUrl: string;
let ops: TestAccount;
let support: TestAccount;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  other = await env.startInstance();
  baseUrl = await listen(env.app);
  ops = await loginAdminAs(env, 'OPERATIONS');
  support = await loginAdminAs(env, 'SUPPORT');
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

const suspend = (id: string, body: unknown = { reason: 'Fraudulent bookings' }, token = ops.accessToken) =>
  call(env.app, 'PATCH', `/api/admin/customers/${id}/suspend`, { token, body });

describe('GET /api/admin/customers', () => {
  it('searches by phone and name, shows ride counts, and pages newest first without repeats', async () => {
    const first = await registerCustomer(env);
    const second = await registerCustomer(env);
    await insertRide(env, { customerId: second.user.id });
    await insertRide(env, { customerId: second.user.id });
    const byPhone = await call(env.app, 'GET', `/api/admin/customers?q=${encodeURIComponent(second.phone)}`, {
      token: support.accessToken,
    });
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(200);
    expect(byPhone.body.items).toMatchObject([{ id: second.user.id, ridesCount: 2, isDeactivated: false }]);

    const page1 = await call(env.app, 'GET', '/api/admin/customers?limit=1', { token: support.accessToken });
    const page2 = await call(env.app, 'GET', `/api/admin/customers?limit=1&cursor=${page1.body.nextCursor}`, {
      token: support.accessToken,
    });
    expect(page1.body.items[0].id).not.toBe(page2.body.items[0].id);
    expect([page1.body.items[0].id, page2.body.items[0].id]).toEqual([second.user.id, first.user.id]);
  });

  it('answers bad filters with the error envelope', async () => {
    for (const query of ['cursor=not-a-uuid', 'isDeactivated=maybe', 'limit=0', 'limit=101']) {
      const response = await call(env.app, 'GET', `/api/admin/customers?${query}`, {
        token: support.accessToken,
      });
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('customer suspension', () => {
  it('deactivates the customer, refuses their tokens at once on every instance, closes their sockets, and is audited', async () => {
    const customer = await registerCustomer(env);
    const socket = await connectSocket(baseUrl, customer.accessToken);
    sockets.push(socket);
    const revoked = nextEvent(socket, 'session:revoked');

    const response = await suspend(customer.user.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      id: customer.user.id,
      isDeactivated: true,
      deactivationReason: 'Fraudulent bookings',
    });
    expect(await revoked).toEqual({ reason: 'suspended' });
    for (const app of [env.app, other.app]) {
      const refused = await call(app, 'GET', '/api/me', { token: customer.accessToken });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('ACCOUNT_DEACTIVATED');
    }
    const refresh = await call(env.app, 'POST', '/api/auth/refresh', {
      body: { refreshToken: customer.refreshToken },
    });
    expect(refresh.status).toBe(403);
    const [audit] = await env.database.db
      .select()
      .from(adminAudit)
      .where(eq(adminAudit.targetId, customer.user.id));
    expect(audit).toMatchObject({
      adminId: ops.user.id,
      action: 'customers.suspend',
      before: { isDeactivated: false },
      after: { isDeactivated: true },
    });
  });

  it('activation lets the customer log in again while the old tokens stay dead', async () => {
    const customer = await registerCustomer(env);
    await suspend(customer.user.id);
    const activated = await call(env.app, 'PATCH', `/api/admin/customers/${customer.user.id}/activate`, {
      token: ops.accessToken,
    });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ isDeactivated: false, deactivationReason: null });
    expect((await call(env.app, 'GET', '/api/me', { token: customer.accessToken })).status).toBe(401);
    const login = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: customer.phone, password: customer.password },
    });
    expect(login.status).toBe(200);
  });

  it('is refused to support admins, and bad input or unknown ids change nothing', async () => {
    const customer = await registerCustomer(env);
    const forbidden = await suspend(customer.user.id, { reason: 'x' }, support.accessToken);
    expect(forbidden.status).toBe(403);
    const tooLong = await suspend(customer.user.id, { reason: 'x'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await suspend(crypto.randomUUID());
    expect(unknown.status).toBe(404);
    const malformed = await suspend('not-a-uuid');
    expect(malformed.status).toBe(400);
    const [row] = await env.database.db.select().from(customers).where(eq(customers.id, customer.user.id));
    expect(row?.isDeactivated).toBe(false);
    expect((await call(env.app, 'GET', '/api/me', { token: customer.accessToken })).status).toBe(200);
  });
});

describe('suspending a customer with open rides', () => {
  it('cancels the rides no driver holds yet (no fee, bids rejected, drivers told); accepted rides go on', async () => {
    const customer = await registerCustomer(env);
    const bidder = await registerDriver(env, { verified: true });
    const offered = await registerDriver(env, { verified: true });
    const carrier = await registerDriver(env, { verified: true });
    const waiting = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, waiting, bidder.user.id, offered.user.id);
    const pending = await placeBid(env, bidder, waiting);
    const nobody = await insertRide(env, { customerId: customer.user.id, status: 'NO_DRIVERS_AVAILABLE' });
    // A ride whose goods are already on a truck: accepted over HTTP, then the driver is on the way.
    const onTruck = await insertRide(env, { customerId: customer.user.id });
    await offerRide(env, onTruck, carrier.user.id);
    const carried = await placeBid(env, carrier, onTruck);
    expect((await acceptBid(env, customer, onTruck, carried.id)).status).toBe(200);
    const arriving = await call(env.app, 'PATCH', `/api/rides/${onTruck}/status`, {
      token: carrier.accessToken,
      body: { status: 'DRIVER_ARRIVING' },
    });
    expect(arriving.status, JSON.stringify(arriving.body)).toBe(200);

    const bidderSocket = await connectSocket(baseUrl, bidder.accessToken);
    const offeredSocket = await connectSocket(baseUrl, offered.accessToken);
    sockets.push(bidderSocket, offeredSocket);
    const rejected = nextEvent(bidderSocket, 'bid:rejected');
    const told = nextEvent(offeredSocket, 'ride:status');

    const response = await suspend(customer.user.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);

    expect((await rejected).bid).toMatchObject({ id: pending.id, status: 'REJECTED' });
    expect(await told).toMatchObject({ rideId: waiting, to: 'CANCELLED' });
    const statusOf = async (id: string) =>
      (await env.database.db.select().from(rides).where(eq(rides.id, id)))[0];
    for (const id of [waiting, nobody]) {
      expect(await statusOf(id), id).toMatchObject({
        status: 'CANCELLED',
        cancelledByRole: 'admin',
        cancellationReason: 'Customer account suspended',
      });
      const [cancellation] = await env.database.db
        .select()
        .from(rideCancellations)
        .where(eq(rideCancellations.rideId, id));
      expect(cancellation, id).toMatchObject({
        actorRole: 'admin',
        fee: 0,
        feeStatus: 'NONE',
        strikeId: null,
      });
    }
    const [bid] = await env.database.db.select().from(bids).where(eq(bids.id, pending.id));
    expect(bid?.status).toBe('REJECTED');
    expect(await statusOf(onTruck)).toMatchObject({ status: 'DRIVER_ARRIVING', driverId: carrier.user.id });
    // The driver carrying the goods can still finish the ride.
    const loaded = await call(env.app, 'PATCH', `/api/rides/${onTruck}/status`, {
      token: carrier.accessToken,
      body: { status: 'PICKUP_ARRIVED' },
    });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);

    const audit = await env.database.db.select().from(adminAudit).where(eq(adminAudit.adminId, ops.user.id));
    const cancels = audit
      .filter((row) => row.action === 'rides.cancel' && [waiting, nobody, onTruck].includes(row.targetId))
      .map((row) => row.targetId);
    expect(cancels.sort()).toEqual([waiting, nobody].sort());
  });
});
