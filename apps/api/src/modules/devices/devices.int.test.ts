import { randomBytes } from 'node:crypto';
import { pushDevices } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, nextEvent } from '#test/realtime-client';
import { insertRide } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { type ExpoPushStandIn, startExpoPushStandIn } from '../../providers/push/expo-push-stand-in';
import { createHeadlessRealtime } from '../../realtime/realtime-server';
import { AdapterUserPresence, type ClusterAdapter } from './user-presence';

let push: ExpoPushStandIn;
let env: TestEnvironment;
let otherInstanceUrl: string;
let headless: ReturnType<typeof createHeadlessRealtime>;
/** The test's own view of who is connected, through the same adapter query the api uses. */
let presence: AdapterUserPresence;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  push = await startExpoPushStandIn();
  env = await createTestEnvironment({ EXPO_PUSH_BASE_URL: push.url });
  // A second api instance: a socket open there must count as "connected" for pushes decided on the first.
  const other = await env.startInstance();
  otherInstanceUrl = await listen(other.app);
  headless = createHeadlessRealtime(env.config);
  presence = new AdapterUserPresence(() => headless.io.of('/').adapter as unknown as ClusterAdapter, 2_000);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await headless?.close();
  await env?.close();
  await push?.close();
});

const newToken = () => `ExponentPushToken[${randomBytes(11).toString('hex')}]`;

const register = (account: TestAccount, body: unknown) =>
  call(env.app, 'POST', '/api/me/devices', { token: account.accessToken, body });

const unregister = (account: TestAccount, token: string) =>
  call(env.app, 'DELETE', `/api/me/devices/${encodeURIComponent(token)}`, { token: account.accessToken });

const ownerOf = async (token: string) => {
  const [row] = await env.database.db.select().from(pushDevices).where(eq(pushDevices.token, token));
  return row ?? null;
};

/** A posted ride offered to a verified driver: the driver's bid reaches the customer as `bid:new`. */
async function rideWithDriver() {
  const customer = await registerCustomer(env);
  const driver = await registerDriver(env, { verified: true, name: 'Sami Trabelsi' });
  const rideId = await insertRide(env, { customerId: customer.user.id });
  await offerRide(env, rideId, driver.user.id);
  return { customer, driver, rideId };
}

describe('registering a phone for push', () => {
  it('registers, refreshes, moves a token to the account that registers it last, and deletes it', async () => {
    const first = await registerCustomer(env);
    const token = newToken();
    const created = await register(first, { token, platform: 'android' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ token, platform: 'android' });
    const again = await register(first, { token, platform: 'android' });
    expect(again.status).toBe(200);
    expect(again.body.createdAt).toBe(created.body.createdAt);

    // The same phone signed in as a driver: the token now reaches the driver only.
    const driver = await registerDriver(env);
    const moved = await register(driver, { token, platform: 'android' });
    expect(moved.status).toBe(201);
    expect(await ownerOf(token)).toMatchObject({ userRole: 'driver', userId: driver.user.id });
    expect((await unregister(first, token)).status).toBe(404);
    expect(await ownerOf(token)).not.toBeNull();

    expect((await unregister(driver, token)).status).toBe(204);
    expect(await ownerOf(token)).toBeNull();
    expect((await unregister(driver, token)).status).toBe(404);
  });

  it('refuses unknown platforms, malformed tokens, strangers and admins', async () => {
    const customer = await registerCustomer(env);
    for (const body of [
      { token: newToken(), platform: 'windows' },
      { token: '', platform: 'ios' },
      { token: 'has spaces in it', platform: 'ios' },
      { token: 'x'.repeat(513), platform: 'ios' },
      // A raw FCM token: Expo's push service would refuse every send to it.
      { token: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH', platform: 'android' },
      { token: 'ExponentPushToken[]', platform: 'ios' },
      { platform: 'ios' },
    ]) {
      const response = await register(customer, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const anonymous = await call(env.app, 'POST', '/api/me/devices', {
      body: { token: newToken(), platform: 'ios' },
    });
    expect(anonymous.status).toBe(401);
    const admin = await loginAdmin(env);
    expect((await register(admin, { token: newToken(), platform: 'web' })).status).toBe(403);
  });
});

describe('pushing to users without a live socket', () => {
  it('pushes a new bid to a customer with no socket, through the Expo stand-in', async () => {
    const { customer, driver, rideId } = await rideWithDriver();
    const token = newToken();
    expect((await register(customer, { token, platform: 'ios' })).status).toBe(201);

    const bid = await placeBid(env, driver, rideId, { price: 90_000, etaMinutes: 12 });

    await expect.poll(() => push.pushesTo(token).length, { timeout: 5_000 }).toBe(1);
    const [sent] = push.pushesTo(token);
    expect(sent).toMatchObject({
      title: 'Nouvelle offre',
      data: { event: 'bid:new', rideId, bidId: bid.id },
    });
    expect(sent?.body).toContain('Sami Trabelsi');
    expect(sent?.body).toMatch(/90[.,]000/);
  });

  it('pushes nothing while the customer has a socket open, even on another api instance', async () => {
    const { customer, rideId } = await rideWithDriver();
    const token = newToken();
    await register(customer, { token, platform: 'android' });
    const socket = await connectSocket(otherInstanceUrl, customer.accessToken);
    sockets.push(socket);

    const firstDriver = await registerDriver(env, { verified: true });
    await offerRide(env, rideId, firstDriver.user.id);
    const seen = nextEvent(socket, 'bid:new');
    const first = await placeBid(env, firstDriver, rideId);
    expect((await seen).bid.id).toBe(first.id);
    // The push is decided after the answer; give it longer than the api's query of every instance takes.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(push.pushesTo(token)).toEqual([]);

    // Once the customer is gone, the next bid is pushed: only that one reaches the phone.
    socket.close();
    await expect
      .poll(() => presence.hasLiveSocket('customer', customer.user.id), { timeout: 5_000 })
      .toBe(false);
    const secondDriver = await registerDriver(env, { verified: true });
    await offerRide(env, rideId, secondDriver.user.id);
    const second = await placeBid(env, secondDriver, rideId);
    await expect.poll(() => push.pushesTo(token).length, { timeout: 5_000 }).toBe(1);
    expect(push.pushesTo(token)[0]?.data).toMatchObject({ event: 'bid:new', bidId: second.id });
  });

  it('pushes the acceptance to an offline driver and the ride steps to an offline customer', async () => {
    const { customer, driver, rideId } = await rideWithDriver();
    const bid = await placeBid(env, driver, rideId);
    const customerToken = newToken();
    const driverToken = newToken();
    await register(customer, { token: customerToken, platform: 'ios' });
    await register(driver, { token: driverToken, platform: 'android' });

    expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);
    await expect
      .poll(() => push.pushesTo(driverToken).map((p) => p.data.event), { timeout: 5_000 })
      .toContain('bid:accepted');

    const moved = await call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
      token: driver.accessToken,
      body: { status: 'DRIVER_ARRIVING' },
    });
    expect(moved.status).toBe(200);
    await expect
      .poll(() => push.pushesTo(customerToken).find((p) => p.data.status === 'DRIVER_ARRIVING'), {
        timeout: 5_000,
      })
      .toMatchObject({ title: 'Le chauffeur est en route', data: { event: 'ride:status', rideId } });
    // The driver made that step: it is not pushed back to them.
    expect(push.pushesTo(driverToken).filter((p) => p.data.event === 'ride:status')).toEqual([]);
  });

  it('forgets a token Expo reports as DeviceNotRegistered, and keeps the others', async () => {
    const { customer, driver, rideId } = await rideWithDriver();
    const uninstalled = newToken();
    const kept = newToken();
    await register(customer, { token: uninstalled, platform: 'ios' });
    await register(customer, { token: kept, platform: 'android' });
    push.unregister(uninstalled);

    await placeBid(env, driver, rideId);

    await expect.poll(() => ownerOf(uninstalled), { timeout: 5_000 }).toBeNull();
    expect(push.pushesTo(kept)).toHaveLength(1);
    expect(await ownerOf(kept)).toMatchObject({ userId: customer.user.id });
  });
});
