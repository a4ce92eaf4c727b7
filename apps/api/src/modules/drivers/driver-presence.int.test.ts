import type { Ride } from '@truck4u/contracts';
import { rideNotifications } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDispatchWorker } from '#test/dispatch-worker';
import { goOnlineAt, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { runJobsInProcess } from '#test/in-process-worker';
import { type ClientSocket, connectSocket, eventually, listen, recordEvents } from '#test/realtime-client';
import { northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { DRIVERS_QUEUE } from './drivers.jobs';

const PRESENCE_TTL_MS = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('driver presence', () => {
  let env: TestEnvironment;
  let url: string;
  const workers: { close(): Promise<void> }[] = [];
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment({
      DRIVER_PRESENCE_TTL_MS: String(PRESENCE_TTL_MS),
      // Every position is stored, so the sweep's Postgres re-check sees the latest one.
      DRIVER_POSITION_PERSIST_EVERY_MS: '0',
      DISPATCH_BID_WINDOW_MS: '60000',
    });
    url = await listen(env.app);
    workers.push(await startDispatchWorker(env));
    workers.push(await runJobsInProcess(env, [DRIVERS_QUEUE]));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const worker of workers) await worker.close();
    await env?.close();
  });

  async function isOnline(driver: TestAccount): Promise<boolean> {
    const me = await call<{ isOnline: boolean }>(env.app, 'GET', '/api/me', { token: driver.accessToken });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    return me.body.isOnline;
  }

  /** Reports a position over the driver's socket every 200 ms until stopped. */
  function keepReporting(socket: ClientSocket, at: { lat: number; lng: number }) {
    const timer = setInterval(() => socket.emit('driver:location', at), 200);
    return () => clearInterval(timer);
  }

  it('reads a driver who stops sending positions as offline after the TTL, and keeps a reporting one online', async () => {
    const silent = await registerDriver(env, { verified: true });
    const reporting = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, silent, TUNIS);
    await goOnlineAt(env.app, reporting, TUNIS);
    const reportingSocket = await connectSocket(url, reporting.accessToken);
    sockets.push(reportingSocket);
    const stop = keepReporting(reportingSocket, TUNIS);
    try {
      await sleep(PRESENCE_TTL_MS / 3);
      expect(await isOnline(silent)).toBe(true);
      // TTL plus one sweep period (a quarter of it) plus slack.
      await eventually(async () => expect(await isOnline(silent)).toBe(false), PRESENCE_TTL_MS * 3, 100);
      expect(await isOnline(reporting)).toBe(true);
      await sleep(PRESENCE_TTL_MS);
      expect(await isOnline(reporting)).toBe(true);
    } finally {
      stop();
    }
  });

  it('counts going online as being heard from, so a driver has the whole TTL to send a first position', async () => {
    const driver = await registerDriver(env, { verified: true });
    const online = await call(env.app, 'PATCH', '/api/drivers/me/availability', {
      token: driver.accessToken,
      body: { online: true },
    });
    expect(online.status).toBe(200);
    await sleep(PRESENCE_TTL_MS / 2);
    expect(await isOnline(driver)).toBe(true);
    await eventually(async () => expect(await isOnline(driver)).toBe(false), PRESENCE_TTL_MS * 3, 100);
  });

  it('does not offer a new ride to a driver who stopped sending positions', async () => {
    const silent = await registerDriver(env, { verified: true });
    const reporting = await registerDriver(env, { verified: true });
    await goOnlineAt(env.app, silent, northOf(TUNIS, 1));
    await goOnlineAt(env.app, reporting, northOf(TUNIS, 2));
    const silentSocket = await connectSocket(url, silent.accessToken);
    const reportingSocket = await connectSocket(url, reporting.accessToken);
    sockets.push(silentSocket, reportingSocket);
    const silentRequests = recordEvents(silentSocket, 'ride:request');
    const reportingRequests = recordEvents(reportingSocket, 'ride:request');
    const stop = keepReporting(reportingSocket, northOf(TUNIS, 2));
    try {
      // Only just past the TTL: the silent driver may still be flagged online, dispatch must skip them anyway.
      await sleep(PRESENCE_TTL_MS + 100);
      const customer = await registerCustomer(env);
      const posted = await call<Ride>(env.app, 'POST', '/api/rides', {
        token: customer.accessToken,
        body: {
          pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba' },
          dropoff: { ...northOf(TUNIS, 10), address: 'La Marsa' },
          vehicleType: 'SMALL_VAN',
          cargo: { description: 'Boxes of books', weightKg: 200 },
          loadAssistance: false,
        },
      });
      expect(posted.status, JSON.stringify(posted.body)).toBe(201);
      await eventually(() => expect(reportingRequests.map((r) => r.ride.id)).toContain(posted.body.id));
      const offered = await env.database.db
        .select({ driverId: rideNotifications.driverId })
        .from(rideNotifications)
        .where(eq(rideNotifications.rideId, posted.body.id));
      expect(offered.map((o) => o.driverId)).toEqual([reporting.user.id]);
      expect(silentRequests).toEqual([]);
    } finally {
      stop();
    }
  });
});
