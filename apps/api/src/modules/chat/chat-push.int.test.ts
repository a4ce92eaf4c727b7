import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { useRideStack } from '#test/ride-stack';
import type { TestEnvironment } from '#test/test-environment';
import { type ExpoPushStandIn, startExpoPushStandIn } from '../../providers/push/expo-push-stand-in';

let push: ExpoPushStandIn;
beforeAll(async () => {
  push = await startExpoPushStandIn();
});
// The stand-in's port is known only once it started: the getter is read by the stack's own beforeAll, later.
const stack = useRideStack({
  get EXPO_PUSH_BASE_URL() {
    return push.url;
  },
});
let env: TestEnvironment;
beforeAll(() => {
  env = stack.env;
});
afterAll(async () => {
  await push?.close();
});

const acceptedRide = () => stack.acceptedRide({ price: 60_000, etaMinutes: 10 });

/** Registers a phone for the account, as the app does at sign-in; returns its push token. */
async function phoneOf(account: TestAccount): Promise<string> {
  const token = `ExponentPushToken[${randomBytes(8).toString('hex')}]`;
  const registered = await call(env.app, 'POST', '/api/me/devices', {
    token: account.accessToken,
    body: { token, platform: 'android' },
  });
  expect(registered.status).toBe(201);
  return token;
}

const send = (account: TestAccount, rideId: string, body: unknown, idempotencyKey?: string) =>
  call(env.app, 'POST', `/api/rides/${rideId}/messages`, {
    token: account.accessToken,
    body,
    ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
  });

/** Chat pushes only: the acceptance's own `ride:status` push may land on a phone registered right after it. */
const chatPushesTo = (token: string) => push.pushesTo(token).filter((p) => p.data.event === 'chat:message');

/** Lets the pushes started by the requests so far finish (they run after the answer). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('chat messages by push', () => {
  it('pushes a message to the other party when their app has no socket, never to the sender', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const customerPhone = await phoneOf(customer);
    const driverPhone = await phoneOf(driver);
    // The sender's app is open, as it is while they type.
    await stack.connect(driver);

    const sent = await send(driver, rideId, { text: 'Je suis devant l’entrepôt, porte 3' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await expect.poll(() => chatPushesTo(customerPhone).length, { timeout: 5_000 }).toBe(1);
    expect(chatPushesTo(customerPhone)[0]).toMatchObject({
      title: 'Message du chauffeur',
      body: 'Je suis devant l’entrepôt, porte 3',
      data: { event: 'chat:message', rideId, messageId: String(sent.body.id) },
    });
    await settle();
    expect(chatPushesTo(driverPhone)).toEqual([]);
  });

  it('does not push to a party whose app is open, and does once it is closed', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const driverPhone = await phoneOf(driver);
    const driverSocket = await stack.connect(driver);

    expect((await send(customer, rideId, { quickReply: 'CALL_ME' })).status).toBe(201);
    await settle();
    // The app is open: the socket event is enough.
    expect(chatPushesTo(driverPhone)).toEqual([]);

    driverSocket.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const long = 'Bonjour, '.repeat(30);
    expect((await send(customer, rideId, { text: long })).status).toBe(201);
    await expect.poll(() => chatPushesTo(driverPhone).length, { timeout: 5_000 }).toBe(1);
    const [pushed] = chatPushesTo(driverPhone);
    expect(pushed?.title).toBe('Message du client');
    // A preview, not the whole message: the app shows the rest.
    expect(pushed?.body.length).toBeLessThanOrEqual(140);
    expect(long.startsWith(pushed?.body.slice(0, -1) ?? 'x')).toBe(true);
  });

  it('pushes a message retried with its Idempotency-Key once', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const customerPhone = await phoneOf(customer);
    const key = `retry-${randomBytes(6).toString('hex')}`;
    const first = await send(driver, rideId, { quickReply: 'ARRIVED' }, key);
    expect(first.status).toBe(201);
    const retry = await send(driver, rideId, { quickReply: 'ARRIVED' }, key);
    expect(retry.body.id).toBe(first.body.id);
    await expect.poll(() => chatPushesTo(customerPhone).length, { timeout: 5_000 }).toBe(1);
    await settle();
    expect(chatPushesTo(customerPhone)).toHaveLength(1);
  });
});
