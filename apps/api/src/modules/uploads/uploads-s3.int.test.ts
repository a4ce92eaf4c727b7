import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { uploads } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerDriver } from '#test/factories';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import {
  putUploadBytes,
  readUpload,
  requestSignedUrl,
  requestUpload,
  TINY_JPEG,
  TINY_PDF,
  TINY_PNG,
  uploadFile,
} from '#test/upload-fixtures';
import { S3Storage } from '../../providers/storage/s3.storage';
import { type S3StandIn, startS3StandIn } from '../../providers/storage/s3-stand-in';
import { OrphanUploadSweep } from './orphan-upload-sweep';

const S3 = {
  accessKeyId: 'test-access-key',
  secretAccessKey: 'test-secret-key-for-the-stand-in',
  region: 'eu-west-3',
  bucket: 'truck4u-test',
};

let s3: S3StandIn;
let env: TestEnvironment;

beforeAll(async () => {
  // Idle connections stay open as long as their client keeps them: what the shutdown test looks at.
  s3 = await startS3StandIn({ ...S3, keepAliveTimeoutMs: 60_000 });
  env = await createTestEnvironment({
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: s3.url,
    S3_BUCKET: S3.bucket,
    S3_REGION: S3.region,
    S3_ACCESS_KEY_ID: S3.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  });
});
afterAll(async () => {
  await env?.close();
  await s3?.close();
});

const storageKeyOf = async (id: string) => {
  const [row] = await env.database.db.select().from(uploads).where(eq(uploads.id, id));
  return row?.storageKey ?? '';
};

describe('the upload flow against an S3-compatible store', () => {
  it('sends the bytes straight to the bucket and downloads them with a presigned GET', async () => {
    const customer = await registerCustomer(env);
    const ticket = await requestUpload(env, customer, {
      purpose: 'CARGO_PHOTO',
      contentType: 'image/png',
      sizeBytes: TINY_PNG.length,
    });
    const url = new URL(ticket.uploadUrl);
    expect(url.origin).toBe(s3.url);
    expect(url.pathname).toBe(`/${S3.bucket}/${await storageKeyOf(ticket.id)}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(env.config.uploads.urlTtlSeconds));
    expect(ticket.headers).toEqual({ 'Content-Type': 'image/png', 'If-None-Match': '*' });
    expect((await readUpload(env, customer, ticket.id)).body.status).toBe('PENDING');

    expect((await putUploadBytes(env, ticket, TINY_PNG)).status).toBe(200);
    const stored = s3.objects.get(await storageKeyOf(ticket.id));
    expect(stored?.body.equals(TINY_PNG)).toBe(true);
    expect(stored?.contentType).toBe('image/png');

    // The api checked the object with a HEAD and a ranged GET, both signed with its key.
    const read = await readUpload(env, customer, ticket.id);
    expect(read.body).toMatchObject({ status: 'READY', sizeBytes: TINY_PNG.length });
    const download = await requestSignedUrl(env, read.body.downloadUrl, { method: 'GET' });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.body.equals(TINY_PNG)).toBe(true);

    // The bucket is private: without the signature nothing is served.
    const bare = new URL(read.body.downloadUrl);
    const anonymous = await fetch(`${bare.origin}${bare.pathname}`);
    expect(anonymous.status).toBe(403);
  });

  it('rejects a wrong size or wrong first bytes, as on local storage', async () => {
    const driver = await registerDriver(env);
    const ticket = await requestUpload(env, driver, {
      purpose: 'DRIVER_DOCUMENT',
      contentType: 'application/pdf',
      sizeBytes: TINY_JPEG.length,
    });
    expect((await putUploadBytes(env, ticket, TINY_JPEG)).status).toBe(200);
    expect((await readUpload(env, driver, ticket.id)).body).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'The file is image/jpeg, not the declared application/pdf',
      downloadUrl: null,
    });

    const short = await requestUpload(env, driver, {
      purpose: 'DRIVER_DOCUMENT',
      contentType: 'application/pdf',
      sizeBytes: TINY_PDF.length * 2,
    });
    expect((await putUploadBytes(env, short, TINY_PDF)).status).toBe(200);
    const read = await readUpload(env, driver, short.id);
    expect(read.body.status).toBe('REJECTED');
    expect(read.body.rejectionReason).toContain(`Received ${TINY_PDF.length} bytes`);
  });

  it('is refused by the store with a forged or expired signature, another type, or a second PUT', async () => {
    const customer = await registerCustomer(env);
    const ticket = await requestUpload(env, customer, {
      purpose: 'CARGO_PHOTO',
      contentType: 'image/jpeg',
      sizeBytes: TINY_JPEG.length,
    });
    const put = (url: string, headers = ticket.headers) =>
      requestSignedUrl(env, url, { method: 'PUT', headers, body: TINY_JPEG });
    const forged = new URL(ticket.uploadUrl);
    const signature = forged.searchParams.get('X-Amz-Signature') ?? '';
    forged.searchParams.set('X-Amz-Signature', `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`);
    const longer = new URL(ticket.uploadUrl);
    longer.searchParams.set('X-Amz-Expires', '604800');
    const refusedBefore = s3.refusals.length;
    expect((await put(forged.toString())).status).toBe(403);
    expect((await put(longer.toString())).status).toBe(403);
    expect((await put(ticket.uploadUrl, { 'Content-Type': 'image/png', 'If-None-Match': '*' })).status).toBe(
      403,
    );
    expect((await put(ticket.uploadUrl, { 'Content-Type': 'image/jpeg' })).status).toBe(403);
    expect(s3.refusals.slice(refusedBefore).map((r) => r.code)).toEqual([
      'SignatureDoesNotMatch',
      'SignatureDoesNotMatch',
      'SignatureDoesNotMatch',
      'SignatureDoesNotMatch',
    ]);

    // Signed correctly with the right key, but an hour ago for five minutes: expired.
    const client = new S3Client({
      endpoint: s3.url,
      region: S3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: S3.accessKeyId, secretAccessKey: S3.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const stale = await getSignedUrl(
      client,
      new PutObjectCommand({
        Bucket: S3.bucket,
        Key: await storageKeyOf(ticket.id),
        ContentType: 'image/jpeg',
      }),
      { expiresIn: 300, signingDate: new Date(Date.now() - 3_600_000) },
    );
    const expired = await put(stale, { 'Content-Type': 'image/jpeg' });
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toContain('Request has expired');
    // Another key signs nothing this bucket accepts.
    const impostor = new S3Client({
      endpoint: s3.url,
      region: S3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: S3.accessKeyId, secretAccessKey: 'not-the-secret' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const wrongKey = await getSignedUrl(
      impostor,
      new PutObjectCommand({
        Bucket: S3.bucket,
        Key: await storageKeyOf(ticket.id),
        ContentType: 'image/jpeg',
      }),
      { expiresIn: 300 },
    );
    expect((await put(wrongKey, { 'Content-Type': 'image/jpeg' })).status).toBe(403);
    client.destroy();
    impostor.destroy();
    expect(s3.objects.has(await storageKeyOf(ticket.id))).toBe(false);

    expect((await put(ticket.uploadUrl)).status).toBe(200);
    // If-None-Match: * is signed: the URL cannot overwrite bytes once they exist (and were maybe checked).
    expect((await put(ticket.uploadUrl)).status).toBe(412);
    expect((await readUpload(env, customer, ticket.id)).body.status).toBe('READY');
  });

  it('lets go of its connections to the store when the api shuts down', async () => {
    const instance = await env.startInstance();
    const customer = await registerCustomer(env);
    // Checking the bytes HEADs and reads the object: the SDK keeps that connection alive for the next call.
    const id = await uploadFile(instance, customer, { purpose: 'CARGO_PHOTO' });
    expect(id).toEqual(expect.any(String));
    const before = await s3.openConnections();
    expect(before).toBeGreaterThan(0);
    await instance.app.close();
    // Kept alive, they would hold the process open after every other resource was closed.
    await expect.poll(() => s3.openConnections(), { timeout: 3_000 }).toBeLessThan(before);
  });

  it('lets the orphan sweep delete the object with its row', async () => {
    const customer = await registerCustomer(env);
    const id = await uploadFile(env, customer, { purpose: 'CARGO_PHOTO' });
    const key = await storageKeyOf(id);
    expect(s3.objects.has(key)).toBe(true);
    await env.database.db
      .update(uploads)
      .set({ createdAt: new Date(Date.now() - 48 * 3_600_000) })
      .where(eq(uploads.id, id));
    const storage = new S3Storage({ ...env.config.storage.s3 });
    const removed = await new OrphanUploadSweep(env.database.db, storage, 24 * 3_600_000, console).run();
    storage.close();
    expect(removed).toContain(key);
    expect(s3.objects.has(key)).toBe(false);
    expect((await readUpload(env, customer, id)).status).toBe(404);
  });
});
