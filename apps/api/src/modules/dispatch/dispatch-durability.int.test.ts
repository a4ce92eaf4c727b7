import { rides } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, eventually, listen, nextEvent, recordEvents } from '#test/realtime-client';
import { insertRide, northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { killHard, startWorkerProcess } from '#test/worker-process';

describe('dispatch durability', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({
      DISPATCH_RADII_KM: '5,10',
      DISPATCH_BID_WINDOW_MS: '2000',
      DISPATCH_FIRST_STEP_DELAY_MS: '0',
      // The kill can land while the step's job is still active (its notices go out before it returns): a
      // short lock lets the second worker take over a stalled job in test time, as the payments test does.
      WORKER_LOCK_DURATION_MS: '2000',
    });
  });
  afterAll(async () => env?.close());

  it('carries on after the worker is killed with SIGKILL in the middle of a dispatch', async () => {
    const url = await listen(env.app);
    const customer = await registerCustomer(env);
    const driver = await registerDriver(env, { verified: true });
    await call(env.app, 'PATCH', '/api/drivers/me/availability', {
      token: driver.accessToken,
      body: { online: true },
    });
    await call(env.app, 'POST', '/api/drivers/me/location', {
      token: driver.accessToken,
      body: northOf(TUNIS, 1),
    });
    const driverSocket = await connectSocket(url, driver.accessToken);
    const customerSocket = await connectSocket(url, customer.accessToken);
    const requests = recordEvents(driverSocket, 'ride:request');
    const first = startWorkerProcess(env);
    let second: ReturnType<typeof startWorkerProcess> | undefined;
    try {
      await eventually(() => expect(first.output()).toContain('worker ready'), 45_000, 50);
      const rideId = await insertRide(env, { customerId: customer.user.id });
      // Generous: a fresh worker process needs seconds to boot when the machine is busy.
      const noDrivers = nextEvent(customerSocket, 'ride:no-drivers', 45_000);
      await env.app.dispatch.startDispatch(rideId, 0);

      // Step 0 ran and its check-bids waits in Redis for the bid window: kill the worker now.
      await eventually(() => expect(requests).toHaveLength(1), 10_000);
      await killHard(first.child);

      second = startWorkerProcess(env);
      expect(await noDrivers).toMatchObject({ rideId, ride: { status: 'NO_DRIVERS_AVAILABLE' } });
      const [row] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
      expect(row).toMatchObject({ status: 'NO_DRIVERS_AVAILABLE', dispatchStep: 1 });
      expect(requests).toHaveLength(1);
    } finally {
      driverSocket.close();
      customerSocket.close();
      await killHard(first.child);
      if (second) await killHard(second.child);
    }
  }, 120_000);
});
