import { randomBytes } from 'node:crypto';
import type { Ride } from '@truck4u/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatchWorker } from '#test/dispatch-worker';
import { goOnlineAt, registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { type ExpoPushStandIn, startExpoPushStandIn } from '../../providers/push/expo-push-stand-in';

// The worker sends ride requests (dispatch); the push decorator is in its services too.
let push: ExpoPushStandIn;
let env: TestEnvironment;
let worker: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  push = await startExpoPushStandIn();
  env = await createTestEnvironment({ DISPATCH_FIRST_STEP_DELAY_MS: '0', EXPO_PUSH_BASE_URL: push.url });
  worker = await startDispatchWorker(env);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
  await push?.close();
});

describe('ride requests by push', () => {
  it('reaches an online driver whose app is in the background (no socket), from the dispatch worker', async () => {
    const driver = await registerDriver(env, { verified: true, vehicleType: 'FLATBED' });
    await goOnlineAt(env.app, driver, northOf(TUNIS, 1));
    const token = `ExponentPushToken[${randomBytes(8).toString('hex')}]`;
    const registered = await call(env.app, 'POST', '/api/me/devices', {
      token: driver.accessToken,
      body: { token, platform: 'android' },
    });
    expect(registered.status).toBe(201);

    const customer = await registerCustomer(env);
    const posted = await call<Ride>(env.app, 'POST', '/api/rides', {
      token: customer.accessToken,
      body: {
        pickup: { ...TUNIS, address: 'Zone industrielle Charguia' },
        dropoff: { ...northOf(TUNIS, 20), address: 'Entrepôt Bizerte' },
        vehicleType: 'FLATBED',
        cargo: { description: 'Pallets of tiles', weightKg: 900 },
        loadAssistance: false,
      },
    });
    expect(posted.status).toBe(201);

    await expect.poll(() => push.pushesTo(token).length, { timeout: 10_000 }).toBe(1);
    expect(push.pushesTo(token)[0]).toMatchObject({
      title: 'Nouvelle demande de course',
      body: 'Zone industrielle Charguia → Entrepôt Bizerte',
      data: { event: 'ride:request', rideId: posted.body.id },
    });
  });
});
