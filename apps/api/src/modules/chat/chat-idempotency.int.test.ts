import { randomUUID } from 'node:crypto';
import type { RideMessage } from '@truck4u/contracts';
import { rideMessages, rides, uniqueViolationConstraint } from '@truck4u/database';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { eventually, recordEvents } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { useRideStack } from '#test/ride-stack';
import type { TestEnvironment } from '#test/test-environment';
import { MESSAGE_IDEMPOTENCY_INDEX } from './chat.repository';

const MESSAGES_PER_MINUTE = 8;

const stack = useRideStack({ CHAT_MESSAGES_PER_MINUTE: String(MESSAGES_PER_MINUTE) });
let env: TestEnvironment;
beforeAll(() => {
  env = stack.env;
});

const BID = { price: 60_000, etaMinutes: 10 };

const send = (account: TestAccount, rideId: string, body: unknown, key?: string) =>
  call(env.app, 'POST', `/api/rides/${rideId}/messages`, {
    token: account.accessToken,
    body,
    ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
  });

const historyIds = async (account: TestAccount, rideId: string) => {
  const page = await call(env.app, 'GET', `/api/rides/${rideId}/messages`, { token: account.accessToken });
  expect(page.status).toBe(200);
  return (page.body.items as RideMessage[]).map((m) => m.id);
};

/** Long enough for a second `chat:message` (or push) to have arrived, were one sent. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('a chat message sent again with the same Idempotency-Key', () => {
  it('is answered with the first message, stored once, and announced to the other party once', async () => {
    const { customer, driver, rideId, customerSocket } = await stack.connectedRide(BID);
    const customerSees = recordEvents(customerSocket, 'chat:message');
    const key = randomUUID();

    const first = await send(driver, rideId, { text: 'J’arrive dans 5 minutes' }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The phone lost that answer and sends the same message again, twice.
    for (let i = 0; i < 2; i++) {
      const retry = await send(driver, rideId, { text: 'J’arrive dans 5 minutes' }, key);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    }

    expect(await historyIds(customer, rideId)).toEqual([first.body.id]);
    await eventually(() => expect(customerSees).toHaveLength(1));
    await settle();
    expect(customerSees.map((e) => e.message.id)).toEqual([first.body.id]);
  });

  it('does not spend the sender’s per-minute budget on retries', async () => {
    const { driver, rideId } = await stack.acceptedRide(BID);
    const key = randomUUID();
    for (let i = 0; i < MESSAGES_PER_MINUTE + 2; i++) {
      expect((await send(driver, rideId, { quickReply: 'ON_MY_WAY' }, key)).status).toBe(201);
    }
    // Only the first of those counted: the rest of the minute's messages can still go out.
    for (let i = 1; i < MESSAGES_PER_MINUTE; i++) {
      expect((await send(driver, rideId, { text: `message ${i}` })).status).toBe(201);
    }
    expect((await send(driver, rideId, { text: 'un de trop' })).status).toBe(429);
  });

  it('answers the first message even after the chat closed, since it was sent while open', async () => {
    const { customer, rideId } = await stack.acceptedRide(BID);
    const key = randomUUID();
    const first = await send(customer, rideId, { quickReply: 'THANK_YOU' }, key);
    expect(first.status).toBe(201);
    await env.database.db
      .update(rides)
      .set({ status: 'COMPLETED', completedAt: sql`now() - interval '2 hours'` })
      .where(eq(rides.id, rideId));
    const retry = await send(customer, rideId, { quickReply: 'THANK_YOU' }, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    // A new message is refused as before.
    expect((await send(customer, rideId, { quickReply: 'THANK_YOU' }, randomUUID())).status).toBe(409);
  });

  it('refuses the key for a different message (422 IDEMPOTENCY_KEY_REUSED) and keeps the first', async () => {
    const { customer, driver, rideId } = await stack.acceptedRide(BID);
    const key = randomUUID();
    const first = await send(customer, rideId, { text: 'Porte 3' }, key);
    expect(first.status).toBe(201);
    for (const other of [{ text: 'Porte 4' }, { quickReply: 'CALL_ME' }]) {
      const reused = await send(customer, rideId, other, key);
      expect(reused.status, JSON.stringify(other)).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    // Surrounding spaces are trimmed before anything is compared: still the same message.
    expect((await send(customer, rideId, { text: '  Porte 3 ' }, key)).body.id).toBe(first.body.id);
    expect(await historyIds(driver, rideId)).toEqual([first.body.id]);
  });

  it('rejects a malformed key before anything is stored', async () => {
    const { customer, rideId } = await stack.acceptedRide(BID);
    for (const key of ['short', 'a'.repeat(129), 'with spaces in it']) {
      const response = await send(customer, rideId, { text: 'Bonjour' }, key);
      expect(response.status, key).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await historyIds(customer, rideId)).toEqual([]);
  });

  it('stores one message when retries race each other, and every retry gets it', async () => {
    const { customer, driver, rideId, customerSocket } = await stack.connectedRide(BID);
    const customerSees = recordEvents(customerSocket, 'chat:message');
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send(driver, rideId, { text: 'Je suis en bas' }, key)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(await historyIds(customer, rideId)).toEqual([...ids]);
    await eventually(() => expect(customerSees).toHaveLength(1));
    await settle();
    expect(customerSees).toHaveLength(1);
  });

  it('is settled by the unique index: a second row under the same key cannot be written', async () => {
    const { driver, rideId } = await stack.acceptedRide(BID);
    const key = randomUUID();
    const row = {
      rideId,
      senderRole: 'driver' as const,
      senderId: driver.user.id,
      text: 'x',
      idempotencyKey: key,
    };
    const outcomes = await Promise.allSettled([
      env.database.db.insert(rideMessages).values(row),
      env.database.db.insert(rideMessages).values(row),
    ]);
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(uniqueViolationConstraint((failed[0] as PromiseRejectedResult).reason)).toBe(
      MESSAGE_IDEMPOTENCY_INDEX,
    );
    const stored = await env.database.db
      .select()
      .from(rideMessages)
      .where(and(eq(rideMessages.rideId, rideId), eq(rideMessages.idempotencyKey, key)));
    expect(stored).toHaveLength(1);
  });

  it('is independent per sender and per ride: the other party or another ride may use the same key', async () => {
    const { customer, driver, rideId } = await stack.acceptedRide(BID);
    // An earlier ride of the same two, completed ten minutes ago: its chat is still open.
    const otherRideId = await insertRide(env, {
      customerId: customer.user.id,
      driverId: driver.user.id,
      status: 'COMPLETED',
    });
    await env.database.db
      .update(rides)
      .set({ completedAt: sql`now() - interval '10 minutes'` })
      .where(eq(rides.id, otherRideId));
    const key = randomUUID();
    const fromDriver = await send(driver, rideId, { text: 'Bonjour' }, key);
    const fromCustomer = await send(customer, rideId, { text: 'Bonjour' }, key);
    const onOtherRide = await send(driver, otherRideId, { text: 'Bonjour' }, key);
    for (const answer of [fromDriver, fromCustomer, onOtherRide]) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(fromCustomer.body.senderRole).toBe('customer');
    expect(onOtherRide.body.rideId).toBe(otherRideId);
    expect(await historyIds(customer, rideId)).toEqual([fromDriver.body.id, fromCustomer.body.id]);
    expect(await historyIds(customer, otherRideId)).toEqual([onOtherRide.body.id]);
  });
});
