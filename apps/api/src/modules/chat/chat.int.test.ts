import type { RideMessage } from '@truck4u/contracts';
import { rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { offerRide } from '#test/bid-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { eventually, nextEvent, recordEvents } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { useRideStack } from '#test/ride-stack';
import type { TestEnvironment } from '#test/test-environment';

const MESSAGES_PER_MINUTE = 5;

const stack = useRideStack({ CHAT_MESSAGES_PER_MINUTE: String(MESSAGES_PER_MINUTE) });
let env: TestEnvironment;
beforeAll(() => {
  env = stack.env;
});

const BID = { price: 60_000, etaMinutes: 10 };
/** A ride accepted through the bid routes: its customer, its driver and its id. */
const acceptedRide = () => stack.acceptedRide(BID);

const send = (account: TestAccount, rideId: string, body: unknown) =>
  call(env.app, 'POST', `/api/rides/${rideId}/messages`, { token: account.accessToken, body });

const history = (account: TestAccount, rideId: string, query = '') =>
  call(env.app, 'GET', `/api/rides/${rideId}/messages${query}`, { token: account.accessToken });

/** Ends the ride `minutesAgo` minutes ago, as if the driver had completed it then. */
async function completeAgo(rideId: string, minutesAgo: number) {
  await env.database.db
    .update(rides)
    .set({ status: 'COMPLETED', completedAt: sql`now() - make_interval(mins => ${minutesAgo})` })
    .where(eq(rides.id, rideId));
}

describe('ride chat between the customer and the assigned driver', () => {
  it('delivers each message live to the other party and keeps the history, read marks included', async () => {
    const { customer, driver, rideId, customerSocket, driverSocket } = await stack.connectedRide(BID);

    // The room has both parties: each sees every message, their own included (a second device stays in step).
    const driverSees = recordEvents(driverSocket, 'chat:message');
    const toCustomer = nextEvent(customerSocket, 'chat:message');
    const first = await send(driver, rideId, { text: 'Je suis devant l’entrepôt' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      rideId,
      senderRole: 'driver',
      senderId: driver.user.id,
      text: 'Je suis devant l’entrepôt',
      quickReply: null,
      readAt: null,
    });
    expect((await toCustomer).message).toEqual(first.body);

    const second = await send(customer, rideId, { quickReply: 'THANK_YOU' });
    expect(second.status).toBe(201);
    await eventually(() =>
      expect(driverSees.map((e) => e.message.id)).toEqual([first.body.id, second.body.id]),
    );
    expect(driverSees[1]?.message).toMatchObject({
      quickReply: 'THANK_YOU',
      text: null,
      senderRole: 'customer',
    });

    const all = await history(customer, rideId);
    expect(all.status).toBe(200);
    expect(all.body.items.map((m: RideMessage) => m.id)).toEqual([first.body.id, second.body.id]);
    expect(all.body).toMatchObject({ unreadCount: 1, isOpen: true, closesAt: null });

    const after = await history(driver, rideId, `?after=${first.body.id}`);
    expect(after.body.items.map((m: RideMessage) => m.id)).toEqual([second.body.id]);
    expect(after.body.unreadCount).toBe(1);

    const readSeen = nextEvent(driverSocket, 'chat:read');
    const read = await call(env.app, 'POST', `/api/rides/${rideId}/messages/read`, {
      token: customer.accessToken,
      body: { upTo: first.body.id },
    });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toMatchObject({ rideId, readerRole: 'customer', upTo: first.body.id, unreadCount: 0 });
    expect(await readSeen).toMatchObject({ readerRole: 'customer', upTo: first.body.id });

    const reread = await history(driver, rideId);
    const [mine, theirs] = reread.body.items as RideMessage[];
    expect(mine?.readAt).not.toBeNull();
    // The customer's own message is not marked by the customer's read: only the driver can read it.
    expect(theirs?.readAt).toBeNull();
  });

  it('pages through a long history with nextCursor', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const ids: number[] = [];
    for (const text of ['un', 'deux', 'trois']) ids.push((await send(driver, rideId, { text })).body.id);
    const page = await history(customer, rideId, '?limit=2');
    expect(page.body.items.map((m: RideMessage) => m.id)).toEqual(ids.slice(0, 2));
    const rest = await history(customer, rideId, `?after=${page.body.nextCursor}`);
    expect(rest.body.items.map((m: RideMessage) => m.id)).toEqual(ids.slice(2));
    expect(rest.body.nextCursor).toBeUndefined();
  });

  it('is closed before a bid is accepted', async () => {
    const customer = await registerCustomer(env);
    const rideId = await insertRide(env, { customerId: customer.user.id });
    const refused = await send(customer, rideId, { text: 'Quelqu’un ?' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CHAT_CLOSED');
  });

  it('stays open for an hour after the ride ends, then refuses new messages but keeps the history', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    await completeAgo(rideId, 50);
    const late = await send(customer, rideId, { text: 'J’ai oublié un carton dans le camion' });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    const open = await history(driver, rideId);
    expect(open.body.isOpen).toBe(true);
    expect(Date.parse(open.body.closesAt)).toBeGreaterThan(Date.now());

    await completeAgo(rideId, 61);
    const closed = await send(driver, rideId, { quickReply: 'CALL_ME' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('CHAT_CLOSED');
    const after = await history(driver, rideId);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ isOpen: false });
    expect(after.body.items).toHaveLength(1);
  });

  it('takes text or a known quick reply, exactly one of them, and text up to 1000 characters', async () => {
    const { customer, rideId } = await acceptedRide();
    const bad: unknown[] = [
      {},
      { text: 'Bonjour', quickReply: 'ON_MY_WAY' },
      { quickReply: 'HURRY_UP' },
      { text: 'x'.repeat(1001) },
      { text: '   ' },
      { text: 'bip\u0007' },
    ];
    for (const body of bad) {
      const response = await send(customer, rideId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await send(customer, rideId, { text: 'x'.repeat(1000) })).status).toBe(201);
    expect((await history(customer, rideId)).body.items).toHaveLength(1);
  });

  it('limits how many messages one user sends per minute (429 with Retry-After)', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    for (let i = 0; i < MESSAGES_PER_MINUTE; i++) {
      expect((await send(customer, rideId, { text: `message ${i}` })).status).toBe(201);
    }
    const limited = await send(customer, rideId, { text: 'encore un' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The limit is the sender's: the driver can still answer.
    expect((await send(driver, rideId, { quickReply: 'ON_MY_WAY' })).status).toBe(201);
    expect((await history(driver, rideId)).body.items).toHaveLength(MESSAGES_PER_MINUTE + 1);
  });

  it('lets admins read a ride’s chat, in the ride route and the console detail, but not write in it', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const sent = await send(driver, rideId, { quickReply: 'ARRIVED' });
    const admin = await loginAdmin(env);

    const read = await history(admin, rideId);
    expect(read.status).toBe(200);
    expect(read.body.items).toEqual([sent.body]);
    expect(read.body.unreadCount).toBe(0);

    const detail = await call(env.app, 'GET', `/api/admin/rides/${rideId}`, { token: admin.accessToken });
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.chat).toEqual([sent.body]);

    expect((await send(admin, rideId, { text: 'Bonjour' })).status).toBe(403);
    // The admin reading it marks nothing read for the customer.
    expect((await history(customer, rideId)).body.unreadCount).toBe(1);
  });

  it('is 404 for everyone else, drivers who were offered the ride included', async () => {
    const { rideId } = await acceptedRide();
    const strangerCustomer = await registerCustomer(env);
    const offeredDriver = await registerDriver(env, { verified: true });
    await offerRide(env, rideId, offeredDriver.user.id);
    for (const stranger of [strangerCustomer, offeredDriver]) {
      expect((await history(stranger, rideId)).status).toBe(404);
      const post = await send(stranger, rideId, { text: 'Salut' });
      expect(post.status).toBe(404);
      expect(post.body.error.code).toBe('NOT_FOUND');
      const read = await call(env.app, 'POST', `/api/rides/${rideId}/messages/read`, {
        token: stranger.accessToken,
        body: { upTo: 1 },
      });
      expect(read.status).toBe(404);
    }
  });
});
