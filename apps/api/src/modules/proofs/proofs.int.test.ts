import type { RideStatus } from '@truck4u/contracts';
import { deliveryCodes, rides } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminsByRole } from '#test/admin-fixtures';
import {
  goOnlineAt,
  lastCodeSentTo,
  loginAdmin,
  registerCustomer,
  registerDriver,
  type TestAccount,
} from '#test/factories';
import { call } from '#test/http-client';
import { type ClientSocket, connectSocket, listen, nextEvent } from '#test/realtime-client';
import { northOf, TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from '#test/test-environment';
import { uploadFile } from '#test/upload-fixtures';

let env: TestEnvironment;
let baseUrl: string;
let admin: TestAccount;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  baseUrl = await listen(env.app);
  admin = await loginAdmin(env);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env?.close();
});

const DROPOFF = { lat: 36.8782, lng: 10.3247, address: 'Corniche, La Marsa' };

/**
 * A ride posted over HTTP (optionally with a recipient), then handed to a fresh verified driver straight in
 * the database at `status`: the steps before are other tests' business.
 */
async function rideAt(status: RideStatus, options: { recipientPhone?: string } = {}) {
  const customer = await registerCustomer(env);
  const driver = await registerDriver(env, { verified: true });
  const posted = await call(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: {
      pickup: { ...TUNIS, address: 'Avenue Habib Bourguiba, Tunis' },
      dropoff: DROPOFF,
      vehicleType: 'SMALL_VAN',
      cargo: { description: 'Two armchairs', weightKg: 80 },
      ...(options.recipientPhone
        ? { recipient: { name: 'Amira Ben Salah', phone: options.recipientPhone } }
        : {}),
    },
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  const rideId: string = posted.body.id;
  await env.database.db
    .update(rides)
    .set({ status, driverId: driver.user.id, price: 50_000, acceptedAt: sql`now()` })
    .where(eq(rides.id, rideId));
  return { rideId, customer, driver };
}

const setStatus = (driver: TestAccount, rideId: string, body: Record<string, unknown>) =>
  call(env.app, 'PATCH', `/api/rides/${rideId}/status`, { token: driver.accessToken, body });

const report = (driver: TestAccount, at: { lat: number; lng: number }) =>
  call(env.app, 'POST', '/api/drivers/me/location', { token: driver.accessToken, body: at });

const adminDetail = async (rideId: string) => {
  const response = await call(env.app, 'GET', `/api/admin/rides/${rideId}`, { token: admin.accessToken });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

/** A recipient number no other test uses (the SMS stand-in is shared by the file). */
const recipientPhone = () => uniquePhone();

describe('proof of service photos', () => {
  it('lets the assigned driver add pickup photos, tells the ride room, and shows them to the parties and admins only', async () => {
    const { rideId, customer, driver } = await rideAt('PICKUP_ARRIVED');
    const socket = await connectSocket(baseUrl, customer.accessToken);
    sockets.push(socket);
    const joined = await socket.emitWithAck('ride:join', { rideId });
    expect(joined.ok).toBe(true);
    const uploadId = await uploadFile(env, driver, { purpose: 'PROOF_PHOTO' });
    const heard = nextEvent(socket, 'proof:new');

    const added = await call(env.app, 'POST', `/api/rides/${rideId}/proofs`, {
      token: driver.accessToken,
      body: { stage: 'PICKUP', uploadIds: [uploadId], note: 'Two armchairs, wrapped' },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ rideId, stage: 'PICKUP', uploadIds: [uploadId] });
    expect((await heard).proof.id).toBe(added.body.id);

    const seen = await call(env.app, 'GET', `/api/rides/${rideId}/proofs`, { token: customer.accessToken });
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((p: { id: string }) => p.id)).toEqual([added.body.id]);
    // The photo is now the ride's: its customer may download it.
    const photo = await call(env.app, 'GET', `/api/uploads/${uploadId}`, { token: customer.accessToken });
    expect(photo.status).toBe(200);

    const stranger = await registerCustomer(env);
    const otherDriver = await registerDriver(env, { verified: true });
    for (const outsider of [stranger, otherDriver]) {
      const refused = await call(env.app, 'GET', `/api/rides/${rideId}/proofs`, {
        token: outsider.accessToken,
      });
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toContain(uploadId);
    }
    expect((await adminDetail(rideId)).proofs.map((p: { id: string }) => p.id)).toEqual([added.body.id]);
  });

  it('refuses photos outside their stage’s window, photos of someone else and a driver not on the ride', async () => {
    const { rideId, driver } = await rideAt('DRIVER_ARRIVING');
    const uploadId = await uploadFile(env, driver, { purpose: 'PROOF_PHOTO' });
    const early = await call(env.app, 'POST', `/api/rides/${rideId}/proofs`, {
      token: driver.accessToken,
      body: { stage: 'PICKUP', uploadIds: [uploadId] },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.details.allowed).toContain('PICKUP_ARRIVED');

    await env.database.db.update(rides).set({ status: 'IN_TRANSIT' }).where(eq(rides.id, rideId));
    const deliveryTooSoon = await call(env.app, 'POST', `/api/rides/${rideId}/proofs`, {
      token: driver.accessToken,
      body: { stage: 'DELIVERY', uploadIds: [uploadId] },
    });
    expect(deliveryTooSoon.status).toBe(409);

    const other = await registerDriver(env, { verified: true });
    const othersPhoto = await uploadFile(env, other, { purpose: 'PROOF_PHOTO' });
    const notMine = await call(env.app, 'POST', `/api/rides/${rideId}/proofs`, {
      token: driver.accessToken,
      body: { stage: 'PICKUP', uploadIds: [othersPhoto] },
    });
    expect(notMine.status).toBe(400);
    const notTheirRide = await call(env.app, 'POST', `/api/rides/${rideId}/proofs`, {
      token: other.accessToken,
      body: { stage: 'PICKUP', uploadIds: [othersPhoto] },
    });
    expect(notTheirRide.status).toBe(404);
    // Nothing was written by the refusals: the photo is still free to attach.
    const list = await call(env.app, 'GET', `/api/rides/${rideId}/proofs`, { token: driver.accessToken });
    expect(list.body.items).toEqual([]);
  });
});

describe('delivery code', () => {
  it('texts the recipient a code when the ride goes IN_TRANSIT, once, and shows it to the customer only', async () => {
    const phone = recipientPhone();
    const { rideId, customer, driver } = await rideAt('LOADING', { recipientPhone: phone });
    const moved = await setStatus(driver, rideId, { status: 'IN_TRANSIT', clientEventId: 'transit-1' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const texts = env.sms.messagesTo(phone);
    expect(texts).toHaveLength(1);
    const code = texts[0]?.body.match(/\b(\d{6})\b/)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    // A replay of the same change (a phone back online) sends nothing more.
    const replay = await setStatus(driver, rideId, { status: 'IN_TRANSIT', clientEventId: 'transit-1' });
    expect(replay.status).toBe(200);
    expect(env.sms.messagesTo(phone)).toHaveLength(1);

    const forCustomer = await call(env.app, 'GET', `/api/rides/${rideId}/delivery`, {
      token: customer.accessToken,
    });
    expect(forCustomer.body).toMatchObject({ code, triesLeft: 5, locked: false, hasCode: true });
    expect(forCustomer.body.recipient).toEqual({ name: 'Amira Ben Salah', phone });
    const forDriver = await call(env.app, 'GET', `/api/rides/${rideId}/delivery`, {
      token: driver.accessToken,
    });
    expect(forDriver.body.code).toBeNull();
    expect(forDriver.body.recipient.phone).toBe(phone);
    const stranger = await registerCustomer(env);
    const hidden = await call(env.app, 'GET', `/api/rides/${rideId}/delivery`, {
      token: stranger.accessToken,
    });
    expect(hidden.status).toBe(404);
    // Only a hash is stored.
    const [row] = await env.database.db.select().from(deliveryCodes).where(eq(deliveryCodes.rideId, rideId));
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('completes only with the right code, counts wrong ones, locks at the limit until the customer issues a new one', async () => {
    const phone = recipientPhone();
    const { rideId, customer, driver } = await rideAt('LOADING', { recipientPhone: phone });
    expect((await setStatus(driver, rideId, { status: 'IN_TRANSIT' })).status).toBe(200);
    expect((await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' })).status).toBe(200);
    const code =
      env.sms
        .messagesTo(phone)
        .at(-1)
        ?.body.match(/\b(\d{6})\b/)?.[1] ?? '';
    const wrong = code === '111111' ? '222222' : '111111';

    const missing = await setStatus(driver, rideId, { status: 'COMPLETED' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'DELIVERY_CODE_INVALID', details: { triesLeft: 5 } });
    for (let left = 4; left >= 1; left--) {
      const refused = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: wrong });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'DELIVERY_CODE_INVALID',
        details: { triesLeft: left },
      });
    }
    const fifth = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: wrong });
    expect(fifth.status).toBe(409);
    expect(fifth.body.error.code).toBe('DELIVERY_CODE_LOCKED');
    // Locked: even the right code is refused, and the ride has not moved.
    const rightButLocked = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: code });
    expect(rightButLocked.body.error.code).toBe('DELIVERY_CODE_LOCKED');
    const [still] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
    expect(still?.status).toBe('DROPOFF_ARRIVED');

    const driverMayNot = await call(env.app, 'POST', `/api/rides/${rideId}/delivery/code`, {
      token: driver.accessToken,
    });
    expect(driverMayNot.status).toBe(403);
    const reissued = await call(env.app, 'POST', `/api/rides/${rideId}/delivery/code`, {
      token: customer.accessToken,
    });
    expect(reissued.status, JSON.stringify(reissued.body)).toBe(200);
    expect(reissued.body).toMatchObject({ locked: false, triesLeft: 5 });
    const newCode = env.sms
      .messagesTo(phone)
      .at(-1)
      ?.body.match(/\b(\d{6})\b/)?.[1];
    expect(newCode).toBe(reissued.body.code);
    expect(env.sms.messagesTo(phone)).toHaveLength(2);

    const done = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: newCode });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('COMPLETED');
  });

  it('completes exactly once when the right and wrong codes race, counting tries atomically', async () => {
    const phone = recipientPhone();
    const { rideId, driver } = await rideAt('LOADING', { recipientPhone: phone });
    expect((await setStatus(driver, rideId, { status: 'IN_TRANSIT' })).status).toBe(200);
    expect((await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' })).status).toBe(200);
    const code =
      env.sms
        .messagesTo(phone)
        .at(-1)
        ?.body.match(/\b(\d{6})\b/)?.[1] ?? '';
    const wrong = code === '111111' ? '222222' : '111111';

    const answers = await Promise.all([
      setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: wrong }),
      setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: code }),
      setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: wrong }),
      setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: code }),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(['DELIVERY_CODE_INVALID', 'INVALID_TRANSITION']).toContain(answer.body.error.code);
    }
    const [row] = await env.database.db.select().from(deliveryCodes).where(eq(deliveryCodes.rideId, rideId));
    const wrongCounted = answers.filter((a) => a.body.error?.code === 'DELIVERY_CODE_INVALID').length;
    expect(row?.failedTries).toBe(wrongCounted);
    const [ride] = await env.database.db.select().from(rides).where(eq(rides.id, rideId));
    expect(ride?.status).toBe('COMPLETED');
    const events = await env.database.db.execute(
      sql`SELECT count(*)::int AS n FROM ride_events WHERE ride_id = ${rideId} AND to_status = 'COMPLETED'`,
    );
    expect(events.rows[0]?.n).toBe(1);
  });

  it('lets support unlock a locked code so the driver at the door completes with it; others get 403', async () => {
    const phone = recipientPhone();
    const { rideId, customer, driver } = await rideAt('LOADING', { recipientPhone: phone });
    expect((await setStatus(driver, rideId, { status: 'IN_TRANSIT' })).status).toBe(200);
    expect((await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' })).status).toBe(200);
    const code = lastCodeSentTo(env, phone);
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: wrong });
    const locked = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: code });
    expect(locked.body.error.code).toBe('DELIVERY_CODE_LOCKED');

    const unlock = (
      token: string,
      body: Record<string, unknown> = { reason: 'Driver called from the door' },
    ) => call(env.app, 'POST', `/api/admin/rides/${rideId}/delivery-code/unlock`, { token, body });
    const { SUPPORT, FINANCE, SUPERADMIN } = await adminsByRole(env);
    for (const outsider of [driver, customer, FINANCE]) {
      const refused = await unlock(outsider.accessToken);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    expect((await unlock(SUPPORT.accessToken, {})).status).toBe(400);
    expect(
      (await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: code })).body.error.code,
    ).toBe('DELIVERY_CODE_LOCKED');

    const unlocked = await unlock(SUPPORT.accessToken);
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    // The recipient keeps the code they have: nothing is texted, and support does not see it either.
    expect(unlocked.body).toMatchObject({ rideId, locked: false, triesLeft: 5, code: null });
    expect(env.sms.messagesTo(phone)).toHaveLength(1);
    const audit = await call(env.app, 'GET', '/api/admin/audit?action=deliveryCodes.unlock', {
      token: SUPERADMIN.accessToken,
    });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        targetId: rideId,
        adminId: SUPPORT.user.id,
        before: { failedTries: 5, locked: true },
        after: expect.objectContaining({
          locked: false,
          reissued: false,
          reason: 'Driver called from the door',
        }),
      }),
    );

    const done = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: code });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('COMPLETED');
    // Once the ride is over there is no code left to unlock.
    expect((await unlock(SUPPORT.accessToken)).status).toBe(409);
  });

  it('lets support replace a locked code: the old one stops working and the recipient gets the new one', async () => {
    const phone = recipientPhone();
    const { rideId, driver } = await rideAt('LOADING', { recipientPhone: phone });
    expect((await setStatus(driver, rideId, { status: 'IN_TRANSIT' })).status).toBe(200);
    expect((await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' })).status).toBe(200);
    const oldCode = lastCodeSentTo(env, phone);
    const wrong = oldCode === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: wrong });

    const replaced = await call(env.app, 'POST', `/api/admin/rides/${rideId}/delivery-code/unlock`, {
      token: admin.accessToken,
      body: { reason: 'Recipient lost the SMS', reissue: true },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ locked: false, triesLeft: 5 });
    expect(env.sms.messagesTo(phone)).toHaveLength(2);
    const newCode = lastCodeSentTo(env, phone);

    if (newCode !== oldCode) {
      const stale = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: oldCode });
      expect(stale.body.error.code).toBe('DELIVERY_CODE_INVALID');
    }
    const done = await setStatus(driver, rideId, { status: 'COMPLETED', deliveryCode: newCode });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  });

  it('asks no code of a ride without a recipient', async () => {
    const { rideId, driver } = await rideAt('DROPOFF_ARRIVED');
    const done = await setStatus(driver, rideId, { status: 'COMPLETED' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  });
});

describe('distance to the dropoff', () => {
  it('refuses DROPOFF_ARRIVED while the driver’s last position is far from the dropoff, with the distance', async () => {
    const { rideId, driver } = await rideAt('IN_TRANSIT');
    await goOnlineAt(env.app, driver, TUNIS);
    const far = await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' });
    expect(far.status).toBe(409);
    expect(far.body.error.code).toBe('TOO_FAR_FROM_DROPOFF');
    expect(far.body.error.details.maxDistanceMeters).toBe(500);
    // Tunis centre to the Corniche of La Marsa: about 15 km.
    expect(far.body.error.details.distanceMeters).toBeGreaterThan(12_000);
    expect(far.body.error.details.distanceMeters).toBeLessThan(18_000);
  });

  it('allows arriving and completing within the distance, without a flag', async () => {
    const { rideId, driver } = await rideAt('IN_TRANSIT');
    await goOnlineAt(env.app, driver, { lat: DROPOFF.lat + 0.002, lng: DROPOFF.lng });
    expect((await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' })).status).toBe(200);
    expect((await setStatus(driver, rideId, { status: 'COMPLETED' })).status).toBe(200);
    expect((await adminDetail(rideId)).flags).toEqual([]);
  });

  it('allows a driver with no fresh position but flags the ride for admins', async () => {
    const { rideId, driver } = await rideAt('IN_TRANSIT');
    expect((await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' })).status).toBe(200);
    const detail = await adminDetail(rideId);
    expect(detail.flags).toHaveLength(1);
    expect(detail.flags[0]).toMatchObject({
      kind: 'NO_POSITION_AT_DROPOFF',
      details: { status: 'DROPOFF_ARRIVED' },
    });
  });

  it('flags an impossible jump with both fixes and does not trust it for the dropoff check', async () => {
    const { rideId, driver } = await rideAt('IN_TRANSIT');
    const start = northOf(TUNIS, 0);
    await goOnlineAt(env.app, driver, start);
    // 15 km in a moment: a spoofed position at the dropoff.
    const spoofed = await report(driver, { lat: DROPOFF.lat, lng: DROPOFF.lng });
    expect(spoofed.status).toBe(200);
    const refused = await setStatus(driver, rideId, { status: 'DROPOFF_ARRIVED' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('TOO_FAR_FROM_DROPOFF');

    const flags = (await adminDetail(rideId)).flags;
    expect(flags).toHaveLength(1);
    expect(flags[0].kind).toBe('POSITION_JUMP');
    expect(flags[0].details.previous).toMatchObject({ lat: start.lat, lng: start.lng });
    expect(flags[0].details.current).toMatchObject({ lat: DROPOFF.lat, lng: DROPOFF.lng });
    expect(flags[0].details.speedKmh).toBeGreaterThan(180);
  });

  it('trusts a move at a plausible speed', async () => {
    const { rideId, driver } = await rideAt('IN_TRANSIT');
    await goOnlineAt(env.app, driver, TUNIS);
    // 50 m a moment later: GPS noise, not a jump.
    expect((await report(driver, northOf(TUNIS, 0.05))).status).toBe(200);
    expect((await adminDetail(rideId)).flags).toEqual([]);
  });
});
