import { randomUUID } from 'node:crypto';
import type { RideStatus } from '@truck4u/contracts';
import { rideEvents } from '@truck4u/database';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rideRow } from '#test/bid-fixtures';
import type { TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { recordEvents } from '#test/realtime-client';
import { useRideStack } from '#test/ride-stack';
import type { TestEnvironment } from '#test/test-environment';

const stack = useRideStack();
let env: TestEnvironment;
beforeAll(() => {
  env = stack.env;
});

const acceptedRide = () => stack.acceptedRide();

const setStatus = (driver: TestAccount, rideId: string, status: RideStatus, clientEventId?: string) =>
  call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
    token: driver.accessToken,
    body: { status, ...(clientEventId ? { clientEventId } : {}) },
  });

const driverSteps = async (rideId: string) =>
  env.database.db
    .select({ to: rideEvents.toStatus, clientEventId: rideEvents.clientEventId })
    .from(rideEvents)
    .where(and(eq(rideEvents.rideId, rideId), eq(rideEvents.actorRole, 'driver')))
    .orderBy(rideEvents.id);

describe('replaying status changes made offline (clientEventId)', () => {
  it('answers a replay of an applied change with the current ride, and applies it once', async () => {
    const { customer, driver, rideId } = await acceptedRide();
    const socket = await stack.connect(customer);
    const broadcasts = recordEvents(socket, 'ride:status');
    const arriving = randomUUID();

    const first = await setStatus(driver, rideId, 'DRIVER_ARRIVING', arriving);
    expect(first.status).toBe(200);
    // The answer was lost (the phone went offline): the queue sends it again.
    const replay = await setStatus(driver, rideId, 'DRIVER_ARRIVING', arriving);
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body).toMatchObject({ id: rideId, status: 'DRIVER_ARRIVING' });

    // The ride has moved on since; replaying the older change still answers the ride as it is now.
    expect((await setStatus(driver, rideId, 'PICKUP_ARRIVED', randomUUID())).status).toBe(200);
    const late = await setStatus(driver, rideId, 'DRIVER_ARRIVING', arriving);
    expect(late.status).toBe(200);
    expect(late.body.status).toBe('PICKUP_ARRIVED');

    expect((await driverSteps(rideId)).map((e) => e.to)).toEqual(['DRIVER_ARRIVING', 'PICKUP_ARRIVED']);
    await expect.poll(() => broadcasts.map((b) => b.to)).toEqual(['DRIVER_ARRIVING', 'PICKUP_ARRIVED']);
  });

  it('replays a whole queue in order, the applied part included, to the same end', async () => {
    const { driver, rideId } = await acceptedRide();
    const queue: [RideStatus, string][] = (
      ['DRIVER_ARRIVING', 'PICKUP_ARRIVED', 'LOADING', 'IN_TRANSIT'] as RideStatus[]
    ).map((status) => [status, randomUUID()]);
    // Offline after two changes reached the server unanswered; the phone replays everything it holds.
    for (const [status, id] of queue.slice(0, 2)) await setStatus(driver, rideId, status, id);
    for (const [status, id] of queue) {
      const response = await setStatus(driver, rideId, status, id);
      expect(response.status, `${status}: ${JSON.stringify(response.body)}`).toBe(200);
    }
    expect((await rideRow(env, rideId)).status).toBe('IN_TRANSIT');
    expect(await driverSteps(rideId)).toEqual(queue.map(([to, clientEventId]) => ({ to, clientEventId })));
  });

  it('lets a replay racing the original apply the change once, with 200 for both', async () => {
    const { driver, rideId } = await acceptedRide();
    const id = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => setStatus(driver, rideId, 'DRIVER_ARRIVING', id)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(responses.every((r) => r.body.status === 'DRIVER_ARRIVING')).toBe(true);
    expect(await driverSteps(rideId)).toEqual([{ to: 'DRIVER_ARRIVING', clientEventId: id }]);
  });

  it('keeps refusing real conflicts and an id reused for another status', async () => {
    const { driver, rideId } = await acceptedRide();
    const id = randomUUID();
    expect((await setStatus(driver, rideId, 'DRIVER_ARRIVING', id)).status).toBe(200);
    // A new change that the ride cannot take is still a conflict.
    const skipped = await setStatus(driver, rideId, 'IN_TRANSIT', randomUUID());
    expect(skipped.status).toBe(409);
    expect(skipped.body.error.code).toBe('INVALID_TRANSITION');
    const reused = await setStatus(driver, rideId, 'PICKUP_ARRIVED', id);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const badId = await call(env.app, 'PATCH', `/api/rides/${rideId}/status`, {
      token: driver.accessToken,
      body: { status: 'PICKUP_ARRIVED', clientEventId: 'no spaces allowed' },
    });
    expect(badId.status).toBe(400);
    expect((await rideRow(env, rideId)).status).toBe('DRIVER_ARRIVING');
  });
});
