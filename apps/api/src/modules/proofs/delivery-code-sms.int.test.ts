import { rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { freePort } from '#test/free-port';
import { call } from '#test/http-client';
import { runJobsInProcess } from '#test/in-process-worker';
import { eventually } from '#test/realtime-client';
import { TUNIS } from '#test/ride-fixtures';
import { startSilentServer } from '#test/silent-server';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from '#test/test-environment';
import { killHard, startApiProcess } from '#test/worker-process';
import { DeliveryCodeService } from './delivery-code.service';
import { DELIVERY_CODES_QUEUE } from './delivery-code-sms.jobs';
import { DeliveryCodeSmsQueue } from './delivery-code-sms.queue';

let env: TestEnvironment;
let worker: { close(): Promise<void> };

// A claim left by a dead process is taken over 3 s after it was made; the sweep looks twice a second.
const CLAIM_MS = 3_000;

beforeAll(async () => {
  env = await createTestEnvironment({
    SMS_TIMEOUT_MS: '2000',
    DELIVERY_CODE_SMS_CLAIM_MS: String(CLAIM_MS),
    DELIVERY_CODE_SMS_SWEEP_EVERY_MS: '500',
  });
  worker = await runJobsInProcess(env, [DELIVERY_CODES_QUEUE]);
});
afterAll(async () => {
  env?.sms.faults.set({ mode: 'none' });
  await worker?.close();
  await env?.close();
});

/** A ride with a recipient, handed to a fresh verified driver at LOADING straight in the database. */
async function loadingRide(recipientPhone: string) {
  const customer = await registerCustomer(env);
  const driver = await registerDriver(env, { verified: true });
  const posted = await call(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: {
      pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
      dropoff: { lat: 36.8782, lng: 10.3247, address: 'Corniche, La Marsa' },
      vehicleType: 'SMALL_VAN',
      cargo: { description: 'Two armchairs', weightKg: 80 },
      recipient: { name: 'Amira Ben Salah', phone: recipientPhone },
    },
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  const rideId: string = posted.body.id;
  await env.database.db
    .update(rides)
    .set({ status: 'LOADING', driverId: driver.user.id, price: 50_000, acceptedAt: sql`now()` })
    .where(eq(rides.id, rideId));
  return { rideId, customer, driver };
}

const setStatus = (driver: TestAccount, rideId: string, status: string) =>
  call(env.app, 'PATCH', `/api/rides/${rideId}/status`, { token: driver.accessToken, body: { status } });

const codeSeenBy = async (customer: TestAccount, rideId: string) =>
  (await call(env.app, 'GET', `/api/rides/${rideId}/delivery`, { token: customer.accessToken })).body;

describe('delivery code SMS retries', () => {
  it('texts the code once the SMS provider is back, and only once', async () => {
    const phone = uniquePhone();
    const { rideId, customer, driver } = await loadingRide(phone);
    env.sms.faults.set({ mode: 'error', status: 503 });
    const moved = await setStatus(driver, rideId, 'IN_TRANSIT');
    // The ride moves on whatever the provider does.
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(env.sms.messagesTo(phone)).toEqual([]);
    expect((await codeSeenBy(customer, rideId)).smsSentAt).toBeNull();

    // The provider stays down through the first retries (1 s, then 2 s later)...
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(env.sms.messagesTo(phone)).toEqual([]);
    // ...and recovers: a later retry gets through, with the code the customer sees.
    env.sms.faults.set({ mode: 'none' });
    await eventually(() => expect(env.sms.messagesTo(phone)).toHaveLength(1), 10_000);
    const delivery = await codeSeenBy(customer, rideId);
    expect(env.sms.messagesTo(phone)[0]?.body).toContain(delivery.code);
    expect(delivery.smsSentAt).not.toBeNull();

    // Once sent, never again: not by a late duplicate of the job, nor by a replay of the move.
    const queue = new DeliveryCodeSmsQueue(env.redis, env.redisPrefix);
    const [row] = await env.database.db
      .execute<{ nonce: string }>(sql`SELECT nonce FROM delivery_codes WHERE ride_id = ${rideId}`)
      .then((r) => r.rows);
    await queue.bullQueue.add('delivery-code-sms', { rideId, nonce: row?.nonce ?? '' });
    await queue.scheduleRetry(rideId, row?.nonce ?? '');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await queue.close();
    expect(env.sms.messagesTo(phone)).toHaveLength(1);

    const done = await setStatus(driver, rideId, 'DROPOFF_ARRIVED');
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  });

  it('does not text a code the customer replaced meanwhile: the new code is the one that arrives', async () => {
    const phone = uniquePhone();
    const { rideId, customer, driver } = await loadingRide(phone);
    env.sms.faults.set({ mode: 'error', status: 503 });
    expect((await setStatus(driver, rideId, 'IN_TRANSIT')).status).toBe(200);
    const reissued = await call(env.app, 'POST', `/api/rides/${rideId}/delivery/code`, {
      token: customer.accessToken,
    });
    expect(reissued.status, JSON.stringify(reissued.body)).toBe(200);
    env.sms.faults.set({ mode: 'none' });

    await eventually(() => expect(env.sms.messagesTo(phone)).toHaveLength(1), 10_000);
    // Past the first code's retries too: the only text carries the current code.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const texts = env.sms.messagesTo(phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.body).toContain(reissued.body.code);
  });
});

/** What the database says of a ride's code SMS. */
async function smsState(rideId: string) {
  const { rows } = await env.database.db.execute<{ claimed: boolean; sent: boolean }>(
    sql`SELECT sms_claimed_at IS NOT NULL AS claimed, sms_sent_at IS NOT NULL AS sent
        FROM delivery_codes WHERE ride_id = ${rideId}`,
  );
  return rows[0];
}

// Issuing a code sends nothing; should it ever try, this test would say so.
const refusingSms = { send: () => Promise.reject(new Error('issue() must not send')) };

describe('delivery code SMS after a crash', () => {
  it('texts the code once when the api is killed with SIGKILL in the middle of sending it', async () => {
    const phone = uniquePhone();
    const { rideId, customer, driver } = await loadingRide(phone);
    const provider = await startSilentServer();
    const port = await freePort();
    // This api's sends hang on the black hole far longer than the test runs: only the kill ends them.
    const api = startApiProcess(env, port, {
      TWILIO_BASE_URL: provider.url,
      SMS_TIMEOUT_MS: '60000',
      DELIVERY_CODE_SMS_CLAIM_MS: '90000',
    });
    try {
      await eventually(() => expect(api.output()).toContain('Server listening'), 20_000, 50);
      const moving = fetch(`http://127.0.0.1:${port}/api/rides/${rideId}/status`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${driver.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'IN_TRANSIT' }),
      }).catch((error: unknown) => error);
      await eventually(() => expect(provider.connections()).toBeGreaterThan(0), 10_000, 10);
      await killHard(api.child);
      expect(await moving).toBeInstanceOf(Error);

      // The move committed and the SMS was claimed, then its sender died: nothing went out.
      const [ride] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
      expect(ride?.status).toBe('IN_TRANSIT');
      expect(await smsState(rideId)).toEqual({ claimed: true, sent: false });
      expect(env.sms.messagesTo(phone)).toEqual([]);

      // Once the claim is stale, the sweep hands the code to the retry job, which texts it.
      await eventually(() => expect(env.sms.messagesTo(phone)).toHaveLength(1), CLAIM_MS + 10_000);
      const delivery = await codeSeenBy(customer, rideId);
      expect(env.sms.messagesTo(phone)[0]?.body).toContain(delivery.code);
      expect(delivery.smsSentAt).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(env.sms.messagesTo(phone)).toHaveLength(1);
      expect(await smsState(rideId)).toEqual({ claimed: true, sent: true });
    } finally {
      await killHard(api.child);
      await provider.close();
    }
  }, 60_000);

  it('texts a code whose send never started (the process died right after the IN_TRANSIT commit)', async () => {
    const phone = uniquePhone();
    const { rideId, customer } = await loadingRide(phone);
    // What the IN_TRANSIT transaction leaves when nothing runs after its commit: the status and the code.
    const codes = new DeliveryCodeService(env.database.db, refusingSms, env.config.trust);
    await env.database.db.transaction(async (tx) => {
      await tx.update(rides).set({ status: 'IN_TRANSIT' }).where(eq(rides.id, rideId));
      await codes.issue(tx, rideId);
    });
    expect(await smsState(rideId)).toEqual({ claimed: false, sent: false });

    await eventually(() => expect(env.sms.messagesTo(phone)).toHaveLength(1), CLAIM_MS + 10_000);
    expect(env.sms.messagesTo(phone)[0]?.body).toContain((await codeSeenBy(customer, rideId)).code);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(env.sms.messagesTo(phone)).toHaveLength(1);
  }, 30_000);
});
