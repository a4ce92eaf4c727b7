import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ride } from '@truck4u/contracts';
import { uploads } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptBid, offerRide, placeBid } from '#test/bid-fixtures';
import { loginAdmin, registerCustomer, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { TUNIS } from '#test/ride-fixtures';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import {
  putUploadBytes,
  readUpload,
  requestSignedUrl,
  requestUpload,
  TINY_JPEG,
  TINY_PDF,
  TINY_PNG,
  TINY_WEBP,
  uploadFile,
} from '#test/upload-fixtures';
import { LocalDiskStorage } from '../../providers/storage/local-disk.storage';
import { OrphanUploadSweep } from './orphan-upload-sweep';
import { claimUploads } from './upload-claims.repository';
import { orphanUploadSweepJob } from './uploads.jobs';

let env: TestEnvironment;
let storageDir: string;
/** The same directory the api writes to, for asserting what is (or is no longer) on disk. */
let disk: LocalDiskStorage;

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 't4u-uploads-test-'));
  env = await createTestEnvironment({ STORAGE_LOCAL_DIR: storageDir });
  disk = new LocalDiskStorage({ dir: storageDir, secret: 'unused', contentUrl: () => 'http://unused/' });
});
afterAll(async () => {
  await env?.close();
  await rm(storageDir, { recursive: true, force: true });
});

const uploadRow = async (id: string) => {
  const [row] = await env.database.db.select().from(uploads).where(eq(uploads.id, id));
  return row ?? null;
};

/** Asks for an upload of `declared` and PUTs `bytes`; returns the upload as the owner then reads it. */
async function sendAndRead(
  account: TestAccount,
  declared: { purpose: 'CARGO_PHOTO' | 'DRIVER_DOCUMENT'; contentType: string; sizeBytes: number },
  bytes: Buffer,
) {
  const ticket = await requestUpload(env, account, declared);
  const put = await putUploadBytes(env, ticket, bytes);
  expect(put.status, put.body.toString()).toBe(204);
  const read = await readUpload(env, account, ticket.id);
  expect(read.status).toBe(200);
  return read.body;
}

/** POST /api/rides with `photoUploadIds`: the ride (201) or the error envelope. */
async function postRide(customer: TestAccount, photoUploadIds: string[]) {
  return call(env.app, 'POST', '/api/rides', {
    token: customer.accessToken,
    body: {
      pickup: { ...TUNIS, address: 'Rue de Marseille, Tunis' },
      dropoff: { lat: 36.85, lng: 10.2, address: 'La Marsa' },
      vehicleType: 'SMALL_VAN',
      cargo: { description: 'Un canapé', weightKg: 80 },
      loadAssistance: false,
      photoUploadIds,
    },
  });
}

describe('the upload flow on local storage', () => {
  it('takes each accepted type through ticket, PUT and check, and serves the bytes back', async () => {
    const driver = await registerDriver(env);
    for (const [bytes, contentType] of [
      [TINY_JPEG, 'image/jpeg'],
      [TINY_PNG, 'image/png'],
      [TINY_WEBP, 'image/webp'],
      [TINY_PDF, 'application/pdf'],
    ] as const) {
      const ticket = await requestUpload(env, driver, {
        purpose: 'DRIVER_DOCUMENT',
        contentType,
        sizeBytes: bytes.length,
      });
      expect(ticket).toMatchObject({ method: 'PUT', headers: { 'Content-Type': contentType } });
      expect(new Date(ticket.expiresAt).getTime() - Date.now()).toBeGreaterThan(250_000);
      // Before the bytes arrive the upload is PENDING and has nothing to download.
      const before = await readUpload(env, driver, ticket.id);
      expect(before.body).toMatchObject({ status: 'PENDING', downloadUrl: null });

      expect((await putUploadBytes(env, ticket, bytes)).status).toBe(204);
      const after = await readUpload(env, driver, ticket.id);
      expect(after.body).toMatchObject({ status: 'READY', contentType, sizeBytes: bytes.length });
      const download = await requestSignedUrl(env, after.body.downloadUrl, { method: 'GET' });
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe(contentType);
      expect(download.body.equals(bytes)).toBe(true);
    }
  });

  it('refuses declared types and sizes outside the purpose’s limits before any URL is signed', async () => {
    const customer = await registerCustomer(env);
    for (const body of [
      { purpose: 'CARGO_PHOTO', contentType: 'application/pdf', sizeBytes: 100 },
      { purpose: 'CARGO_PHOTO', contentType: 'image/gif', sizeBytes: 100 },
      { purpose: 'PROOF_PHOTO', contentType: 'image/jpeg', sizeBytes: 8 * 1024 * 1024 + 1 },
      { purpose: 'DRIVER_DOCUMENT', contentType: 'application/pdf', sizeBytes: 10 * 1024 * 1024 + 1 },
      { purpose: 'CARGO_PHOTO', contentType: 'image/jpeg', sizeBytes: 0 },
      { purpose: 'AVATAR', contentType: 'image/jpeg', sizeBytes: 100 },
    ]) {
      const response = await call(env.app, 'POST', '/api/uploads', { token: customer.accessToken, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const anonymous = await call(env.app, 'POST', '/api/uploads', {
      body: { purpose: 'CARGO_PHOTO', contentType: 'image/jpeg', sizeBytes: 100 },
    });
    expect(anonymous.status).toBe(401);
  });

  it('rejects bytes of another size than declared, shorter or longer', async () => {
    const customer = await registerCustomer(env);
    const shorter = await sendAndRead(
      customer,
      { purpose: 'CARGO_PHOTO', contentType: 'image/jpeg', sizeBytes: TINY_JPEG.length + 10 },
      TINY_JPEG,
    );
    expect(shorter).toMatchObject({ status: 'REJECTED', downloadUrl: null, downloadExpiresAt: null });
    expect(shorter.rejectionReason).toContain(`Received ${TINY_JPEG.length} bytes`);
    const longer = await sendAndRead(
      customer,
      { purpose: 'CARGO_PHOTO', contentType: 'image/jpeg', sizeBytes: TINY_JPEG.length - 1 },
      TINY_JPEG,
    );
    expect(longer.status).toBe('REJECTED');
    expect(longer.rejectionReason).toContain('were declared');
  });

  it('rejects a file whose first bytes are not of the declared type, and cannot be attached', async () => {
    const customer = await registerCustomer(env);
    const renamed = await sendAndRead(
      customer,
      { purpose: 'CARGO_PHOTO', contentType: 'image/png', sizeBytes: TINY_JPEG.length },
      TINY_JPEG,
    );
    expect(renamed).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'The file is image/jpeg, not the declared image/png',
    });
    const script = Buffer.from('<script>alert(1)</script>');
    const disguised = await sendAndRead(
      customer,
      { purpose: 'DRIVER_DOCUMENT', contentType: 'application/pdf', sizeBytes: script.length },
      script,
    );
    expect(disguised.status).toBe('REJECTED');
    expect(disguised.rejectionReason).toContain('not those of application/pdf');

    const posted = await postRide(customer, [renamed.id]);
    expect(posted.status).toBe(400);
    expect(posted.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { uploadId: renamed.id } });
  });

  it('refuses a forged, tampered or expired signature, another Content-Type, and a second PUT', async () => {
    const customer = await registerCustomer(env);
    const ticket = await requestUpload(env, customer, {
      purpose: 'CARGO_PHOTO',
      contentType: 'image/jpeg',
      sizeBytes: TINY_JPEG.length,
    });
    const url = new URL(ticket.uploadUrl);
    const put = (target: URL, headers = ticket.headers) =>
      requestSignedUrl(env, target.toString(), { method: 'PUT', headers, body: TINY_JPEG });

    const forged = new URL(url);
    const signature = url.searchParams.get('signature') ?? '';
    forged.searchParams.set('signature', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    const longer = new URL(url);
    longer.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const otherFile = new URL(
      url.toString().replace(
        ticket.id,
        (
          await requestUpload(env, customer, {
            purpose: 'CARGO_PHOTO',
            contentType: 'image/jpeg',
            sizeBytes: TINY_JPEG.length,
          })
        ).id,
      ),
    );
    // Correctly signed with the api's key, but for a time already past.
    const expired = new URL(url);
    const past = Math.floor(Date.now() / 1000) - 1;
    const row = await uploadRow(ticket.id);
    expired.searchParams.set('expires', String(past));
    expired.searchParams.set(
      'signature',
      createHmac('sha256', env.config.storage.localSigningSecret)
        .update(`PUT\n${row?.storageKey}\n${past}`)
        .digest('base64url'),
    );
    for (const [target, message] of [
      [forged, 'not validly signed'],
      [longer, 'not validly signed'],
      [otherFile, 'not validly signed'],
      [expired, 'expired'],
    ] as const) {
      const refused = await put(target);
      expect(refused.status, target.toString()).toBe(403);
      expect(JSON.parse(refused.body.toString()).error.message).toContain(message);
    }
    const wrongType = await put(url, { 'Content-Type': 'image/png' });
    expect(wrongType.status).toBe(400);
    expect(await disk.head(row?.storageKey ?? '')).toBeNull();

    expect((await put(url)).status).toBe(204);
    expect((await put(url)).status).toBe(409);
    expect((await readUpload(env, customer, ticket.id)).body.status).toBe('READY');
    // Once checked, the bytes are final: the still-valid URL cannot replace them.
    expect((await put(url)).status).toBe(409);

    // A download URL is for GET only, and a tampered one is refused.
    const { downloadUrl } = (await readUpload(env, customer, ticket.id)).body;
    const asPut = await requestSignedUrl(env, downloadUrl, {
      method: 'PUT',
      headers: ticket.headers,
      body: TINY_JPEG,
    });
    expect(asPut.status).toBe(403);
    const tampered = new URL(downloadUrl);
    tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 1));
    expect((await requestSignedUrl(env, tampered.toString(), { method: 'GET' })).status).toBe(403);
  });
});

describe('who may see an upload', () => {
  it('hides an upload from other users (404) and shows it to admins', async () => {
    const owner = await registerCustomer(env);
    const id = await uploadFile(env, owner, { purpose: 'CARGO_PHOTO' });
    const stranger = await registerCustomer(env);
    const driver = await registerDriver(env);
    for (const account of [stranger, driver]) {
      const response = await readUpload(env, account, id);
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('downloadUrl');
    }
    const admin = await loginAdmin(env);
    expect((await readUpload(env, admin, id)).body).toMatchObject({ id, status: 'READY' });
    const unknown = await readUpload(env, owner, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('shows a ride’s cargo photos to its customer and assigned driver only', async () => {
    const customer = await registerCustomer(env);
    const photos = [
      await uploadFile(env, customer, { purpose: 'CARGO_PHOTO' }),
      await uploadFile(env, customer, { purpose: 'CARGO_PHOTO', bytes: TINY_PNG }),
    ];
    const posted = await postRide(customer, photos);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const rideId = posted.body.id;
    expect((await uploadRow(photos[0] ?? ''))?.rideId).toBe(rideId);

    const driver = await registerDriver(env, { verified: true, vehicleType: 'SMALL_VAN' });
    const rival = await registerDriver(env, { verified: true, vehicleType: 'SMALL_VAN' });
    await offerRide(env, rideId, driver.user.id, rival.user.id);
    // Offered but not chosen: neither the files nor their ids.
    expect((await readUpload(env, driver, photos[0] ?? '')).status).toBe(404);
    const offered = await call<Ride>(env.app, 'GET', `/api/rides/${rideId}`, { token: driver.accessToken });
    expect(offered.body.photoUploadIds).toBeUndefined();

    const bid = await placeBid(env, driver, rideId);
    await placeBid(env, rival, rideId);
    expect((await acceptBid(env, customer, rideId, bid.id)).status).toBe(200);

    const seen = await call<Ride>(env.app, 'GET', `/api/rides/${rideId}`, { token: driver.accessToken });
    expect([...(seen.body.photoUploadIds ?? [])].sort()).toEqual([...photos].sort());
    const asDriver = await readUpload(env, driver, photos[1] ?? '');
    expect(asDriver.body).toMatchObject({ status: 'READY', contentType: 'image/png', rideId });
    const download = await requestSignedUrl(env, asDriver.body.downloadUrl, { method: 'GET' });
    expect(download.body.equals(TINY_PNG)).toBe(true);
    expect((await readUpload(env, rival, photos[1] ?? '')).status).toBe(404);
    expect((await readUpload(env, await registerCustomer(env), photos[1] ?? '')).status).toBe(404);
  });

  it('keeps a driver’s documents between the driver and admins, even when tied to a ride', async () => {
    const driver = await registerDriver(env, { verified: true });
    const id = await uploadFile(env, driver, { purpose: 'DRIVER_DOCUMENT', bytes: TINY_PDF });
    const customer = await registerCustomer(env);
    const rideId = (await postRide(customer, [])).body.id;
    await env.database.db.update(uploads).set({ rideId, attachedAt: new Date() }).where(eq(uploads.id, id));
    await env.database.db.execute(sql`UPDATE rides SET driver_id = ${driver.user.id} WHERE id = ${rideId}`);
    expect((await readUpload(env, customer, id)).status).toBe(404);
    expect((await readUpload(env, driver, id)).status).toBe(200);
    expect((await readUpload(env, await loginAdmin(env), id)).status).toBe(200);
  });
});

describe('attaching uploads', () => {
  it('lets exactly one of two racing claims attach an upload', async () => {
    const customer = await registerCustomer(env);
    const id = await uploadFile(env, customer, { purpose: 'PROOF_PHOTO' });
    const claim = () =>
      env.database.db.transaction((tx) =>
        claimUploads(tx, {
          uploadIds: [id],
          owner: { role: 'customer', userId: customer.user.id },
          purpose: 'PROOF_PHOTO',
        }),
      );
    const outcomes = await Promise.allSettled([claim(), claim(), claim()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect((await uploadRow(id))?.attachedAt).not.toBeNull();
  });

  it('posts no ride when one photo is not the customer’s, and claims none of them', async () => {
    const customer = await registerCustomer(env);
    const mine = await uploadFile(env, customer, { purpose: 'CARGO_PHOTO' });
    const theirs = await uploadFile(env, await registerCustomer(env), { purpose: 'CARGO_PHOTO' });
    const proof = await uploadFile(env, customer, { purpose: 'PROOF_PHOTO' });
    for (const ids of [
      [mine, theirs],
      [mine, proof],
    ]) {
      const posted = await postRide(customer, ids);
      expect(posted.status).toBe(400);
      expect(posted.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await uploadRow(mine)).toMatchObject({ attachedAt: null, rideId: null });
    const tooMany = await postRide(
      customer,
      Array.from({ length: 6 }, () => mine),
    );
    expect(tooMany.status).toBe(400);
    // Attached once, a photo cannot move to a second ride.
    expect((await postRide(customer, [mine])).status).toBe(201);
    expect((await postRide(customer, [mine])).status).toBe(400);
  });
});

describe('the orphan sweep', () => {
  it('deletes unattached uploads past the TTL, bytes included, and nothing else', async () => {
    const customer = await registerCustomer(env);
    const oldOrphan = await uploadFile(env, customer, { purpose: 'CARGO_PHOTO' });
    const oldPending = (
      await requestUpload(env, customer, { purpose: 'CARGO_PHOTO', contentType: 'image/jpeg', sizeBytes: 10 })
    ).id;
    const oldAttached = await uploadFile(env, customer, { purpose: 'CARGO_PHOTO' });
    expect((await postRide(customer, [oldAttached])).status).toBe(201);
    const fresh = await uploadFile(env, customer, { purpose: 'CARGO_PHOTO' });
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    for (const id of [oldOrphan, oldPending, oldAttached]) {
      await env.database.db.update(uploads).set({ createdAt: twoDaysAgo }).where(eq(uploads.id, id));
    }
    const keyOf = async (id: string) => (await uploadRow(id))?.storageKey ?? '';
    const orphanKey = await keyOf(oldOrphan);
    const attachedKey = await keyOf(oldAttached);
    const freshKey = await keyOf(fresh);
    expect(await disk.head(orphanKey)).not.toBeNull();

    const sweep = new OrphanUploadSweep(env.database.db, disk, env.config.uploads.orphanTtlMs, console);
    const removed: string[] = [];
    const recording = {
      run: async () => removed.push(...(await sweep.run())),
    } as unknown as OrphanUploadSweep;
    // Through the job's handler, as the worker's job scheduler runs it.
    await orphanUploadSweepJob.handler({ sweep: recording, log: { info: () => undefined } }).run({});
    expect(removed).toContain(orphanKey);
    expect(removed).not.toContain(attachedKey);
    expect(removed).not.toContain(freshKey);
    expect(await uploadRow(oldOrphan)).toBeNull();
    expect(await uploadRow(oldPending)).toBeNull();
    expect(await disk.head(orphanKey)).toBeNull();
    expect(await uploadRow(oldAttached)).not.toBeNull();
    expect(await disk.head(attachedKey)).not.toBeNull();
    expect(await uploadRow(fresh)).not.toBeNull();
    expect(await disk.head(freshKey)).not.toBeNull();
    // The owner now gets 404, as for any upload that does not exist.
    expect((await readUpload(env, customer, oldOrphan)).status).toBe(404);
    expect(await sweep.run()).toEqual([]);
  });
});
