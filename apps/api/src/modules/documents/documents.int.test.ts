import type { DriverDocuments } from '@truck4u/contracts';
import { adminAudit, drivers, driverVerificationAudit } from '@truck4u/database';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdminAs } from '#test/admin-fixtures';
import {
  approveAllDocuments,
  documentBody,
  reviewDocument,
  submitDocument,
  tunisDay,
} from '#test/document-fixtures';
import { loginAdmin, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { connectSocket, listen, nextEvent } from '#test/realtime-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import { uploadFile } from '#test/upload-fixtures';

let env: TestEnvironment;
let admin: TestAccount;

beforeAll(async () => {
  env = await createTestEnvironment();
  admin = await loginAdmin(env);
});
afterAll(async () => env?.close());

const myDocuments = (driver: TestAccount) =>
  call<DriverDocuments>(env.app, 'GET', '/api/drivers/me/documents', { token: driver.accessToken });
const goOnline = (driver: TestAccount) =>
  call(env.app, 'PATCH', '/api/drivers/me/availability', {
    token: driver.accessToken,
    body: { online: true },
  });
const verificationOf = async (driverId: string) =>
  (await env.database.db.select().from(drivers).where(eq(drivers.id, driverId)))[0]?.verificationStatus;

describe('driver documents: submitting', () => {
  it('records a document PENDING with its upload, and lists every required kind as missing until approved', async () => {
    const driver = await registerDriver(env);
    const before = await myDocuments(driver);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      items: [],
      missing: ['CIN', 'DRIVING_LICENCE', 'VEHICLE_REGISTRATION', 'INSURANCE', 'TECHNICAL_INSPECTION'],
    });

    const licence = await submitDocument(env, driver, documentBody(env, 'DRIVING_LICENCE'));
    expect(licence).toMatchObject({
      kind: 'DRIVING_LICENCE',
      status: 'PENDING',
      number: '12/345678',
      categories: ['B', 'B+E', 'C', 'C+E'],
      isCurrent: true,
    });
    expect(licence.reason).toBeUndefined();
    const after = await myDocuments(driver);
    expect(after.body.items.map((d) => d.id)).toEqual([licence.id]);
    expect(after.body.missing).toContain('DRIVING_LICENCE');
  });

  it('refuses fields a kind needs or must not have, naming each', async () => {
    const driver = await registerDriver(env);
    const uploadId = await uploadFile(env, driver, { purpose: 'DRIVER_DOCUMENT' });
    const cases = [
      {
        body: { kind: 'DRIVING_LICENCE', uploadId, number: '1' + '2345' },
        paths: ['body.expiresAt', 'body.categories'],
      },
      { body: { kind: 'CIN', uploadId, number: '08123456', categories: ['B'] }, paths: ['body.categories'] },
      { body: { kind: 'INSURANCE', uploadId, expiresAt: '2031-02-30' }, paths: ['body.expiresAt'] },
      { body: { kind: 'PASSPORT', uploadId }, paths: ['body.kind'] },
      {
        body: {
          kind: 'DRIVING_LICENCE',
          uploadId,
          number: '12/1',
          expiresAt: '2031-01-01',
          categories: ['Z'],
        },
        paths: ['body.categories.0'],
      },
    ];
    for (const { body, paths } of cases) {
      const response = await call(env.app, 'POST', '/api/drivers/me/documents', {
        token: driver.accessToken,
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const got = response.body.error.details.issues.map((issue: { path: string }) => issue.path);
      for (const path of paths) expect(got, JSON.stringify(body)).toContain(path);
    }
    expect((await myDocuments(driver)).body.items).toEqual([]);
  });

  it("refuses another driver's upload and an upload already attached", async () => {
    const driver = await registerDriver(env);
    const other = await registerDriver(env);
    const othersUpload = await uploadFile(env, other, { purpose: 'DRIVER_DOCUMENT' });
    const stolen = await call(env.app, 'POST', '/api/drivers/me/documents', {
      token: driver.accessToken,
      body: { ...documentBody(env, 'CIN'), uploadId: othersUpload },
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('VALIDATION_FAILED');

    const doc = await submitDocument(env, driver, documentBody(env, 'CIN'));
    const reused = await call(env.app, 'POST', '/api/drivers/me/documents', {
      token: driver.accessToken,
      body: { ...documentBody(env, 'VEHICLE_REGISTRATION'), uploadId: doc.uploadId },
    });
    expect(reused.status).toBe(400);
    expect((await myDocuments(driver)).body.items).toHaveLength(1);
  });

  it('records a document already past its expiry as EXPIRED, and it never verifies anyone', async () => {
    const driver = await registerDriver(env);
    const expired = await submitDocument(env, driver, {
      kind: 'INSURANCE',
      number: 'OLD-1',
      expiresAt: tunisDay(env, -1),
    });
    expect(expired.status).toBe('EXPIRED');
    expect(expired.reason).toContain(tunisDay(env, -1));
    const review = await reviewDocument(env, admin, expired.id, { approved: true });
    expect(review.status).toBe(409);
    expect(review.body.error.code).toBe('CONFLICT');
    expect((await myDocuments(driver)).body.missing).toContain('INSURANCE');
  });

  it('supersedes the current document of a kind, keeping the old one as history that can no longer be reviewed', async () => {
    const driver = await registerDriver(env);
    const first = await submitDocument(env, driver, documentBody(env, 'INSURANCE'));
    const second = await submitDocument(env, driver, { ...documentBody(env, 'INSURANCE'), number: 'NEW-2' });
    const list = await myDocuments(driver);
    expect(list.body.items.map((d) => [d.id, d.isCurrent])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    const stale = await reviewDocument(env, admin, first.id, { approved: true });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('newer');
  });
});

describe('driver documents: review', () => {
  it('needs a reason to reject; the driver sees the reason, gets a socket event and an SMS', async () => {
    const driver = await registerDriver(env);
    const doc = await submitDocument(env, driver, documentBody(env, 'VEHICLE_REGISTRATION'));
    const noReason = await reviewDocument(env, admin, doc.id, { approved: false });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.issues).toContainEqual(
      expect.objectContaining({ path: 'body.reason' }),
    );

    const socket = await connectSocket(await listen(env.app), driver.accessToken);
    try {
      const event = nextEvent(socket, 'document:status');
      const rejected = await reviewDocument(env, admin, doc.id, { approved: false, reason: 'Photo floue' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        document: { id: doc.id, status: 'REJECTED', reason: 'Photo floue' },
        verificationStatus: 'PENDING_VERIFICATION',
      });
      expect(await event).toMatchObject({
        document: { id: doc.id, status: 'REJECTED', reason: 'Photo floue' },
      });
    } finally {
      socket.close();
    }
    const seen = (await myDocuments(driver)).body.items[0];
    expect(seen).toMatchObject({ id: doc.id, status: 'REJECTED', reason: 'Photo floue', isCurrent: true });
    expect(env.sms.messagesTo(driver.phone).at(-1)?.body).toContain('Photo floue');
  });

  it('lets exactly one of two racing reviews through; the other gets 409 and one audit row is written', async () => {
    const driver = await registerDriver(env);
    const doc = await submitDocument(env, driver, documentBody(env, 'CIN'));
    const other = await loginAdmin(env);
    const [a, b] = await Promise.all([
      reviewDocument(env, admin, doc.id, { approved: true }),
      reviewDocument(env, other, doc.id, { approved: false, reason: 'Illisible' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('CONFLICT');
    const audits = await env.database.db
      .select()
      .from(adminAudit)
      .where(and(eq(adminAudit.action, 'documents.review'), eq(adminAudit.targetId, doc.id)));
    expect(audits).toHaveLength(1);
    const winner = a.status === 200 ? a : b;
    expect((await myDocuments(driver)).body.items[0]?.status).toBe(winner.body.document.status);
  });

  it('verifies the driver in the same transaction as the last required approval', async () => {
    const driver = await registerDriver(env);
    const kinds = ['CIN', 'DRIVING_LICENCE', 'VEHICLE_REGISTRATION', 'INSURANCE'] as const;
    for (const kind of kinds) {
      const doc = await submitDocument(env, driver, documentBody(env, kind));
      const review = await reviewDocument(env, admin, doc.id, { approved: true });
      expect(review.body.verificationStatus).toBe('PENDING_VERIFICATION');
    }
    expect((await goOnline(driver)).body.error.code).toBe('DRIVER_NOT_VERIFIED');
    expect((await myDocuments(driver)).body.missing).toEqual(['TECHNICAL_INSPECTION']);

    const last = await submitDocument(env, driver, documentBody(env, 'TECHNICAL_INSPECTION'));
    const review = await reviewDocument(env, admin, last.id, { approved: true });
    expect(review.status).toBe(200);
    expect(review.body.verificationStatus).toBe('VERIFIED');
    expect(await verificationOf(driver.user.id)).toBe('VERIFIED');
    expect((await myDocuments(driver)).body.missing).toEqual([]);
    expect((await goOnline(driver)).status).toBe(200);
    expect(
      await env.database.db
        .select({ adminId: driverVerificationAudit.adminId, toStatus: driverVerificationAudit.toStatus })
        .from(driverVerificationAudit)
        .where(eq(driverVerificationAudit.driverId, driver.user.id)),
    ).toEqual([{ adminId: admin.user.id, toStatus: 'VERIFIED' }]);
    expect(env.sms.messagesTo(driver.phone).at(-1)?.body).toContain('vérifié');
  });

  it('does not verify a driver whose licence lacks the category of their vehicle', async () => {
    const driver = await registerDriver(env, { vehicleType: 'BOX_TRUCK' });
    for (const kind of ['CIN', 'VEHICLE_REGISTRATION', 'INSURANCE', 'TECHNICAL_INSPECTION'] as const) {
      const doc = await submitDocument(env, driver, documentBody(env, kind, 'BOX_TRUCK'));
      expect((await reviewDocument(env, admin, doc.id, { approved: true })).status).toBe(200);
    }
    const licence = await submitDocument(env, driver, {
      ...documentBody(env, 'DRIVING_LICENCE'),
      categories: ['B'],
    });
    const review = await reviewDocument(env, admin, licence.id, { approved: true });
    expect(review.body).toMatchObject({
      document: { status: 'APPROVED' },
      verificationStatus: 'PENDING_VERIFICATION',
    });
    expect((await myDocuments(driver)).body.missing).toEqual(['DRIVING_LICENCE']);

    const verify = await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/verify`, {
      token: admin.accessToken,
      body: { approved: true },
    });
    expect(verify.status).toBe(409);
    expect(verify.body.error).toMatchObject({
      code: 'DOCUMENTS_INCOMPLETE',
      details: { missing: ['DRIVING_LICENCE'] },
    });
    expect(verify.body.error.message).toContain('C or C+E');
  });

  it("shows admins a driver's documents and lets only roles with documents.review decide", async () => {
    const driver = await registerDriver(env);
    const doc = await submitDocument(env, driver, documentBody(env, 'CIN'));
    const support = await loginAdminAs(env, 'SUPPORT');
    const operations = await loginAdminAs(env, 'OPERATIONS');
    const listed = await call<DriverDocuments>(
      env.app,
      'GET',
      `/api/admin/drivers/${driver.user.id}/documents`,
      {
        token: support.accessToken,
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d) => d.id)).toEqual([doc.id]);
    expect((await reviewDocument(env, support, doc.id, { approved: true })).status).toBe(403);
    expect((await reviewDocument(env, operations, doc.id, { approved: true })).status).toBe(200);
    // A driver cannot review, nor read another driver's documents through the admin path.
    expect((await reviewDocument(env, driver, doc.id, { approved: true })).status).toBe(403);
    const other = await registerDriver(env);
    const peek = await call(env.app, 'GET', `/api/admin/drivers/${driver.user.id}/documents`, {
      token: other.accessToken,
    });
    expect(peek.status).toBe(403);
    expect(JSON.stringify(peek.body)).not.toContain(doc.id);
    expect((await reviewDocument(env, admin, crypto.randomUUID(), { approved: true })).status).toBe(404);
  });
});

describe('the verify route with documents', () => {
  it('refuses to verify a driver lacking approved documents, naming them, and still rejects', async () => {
    const driver = await registerDriver(env);
    const cin = await submitDocument(env, driver, documentBody(env, 'CIN'));
    await reviewDocument(env, admin, cin.id, { approved: true });
    const verify = await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/verify`, {
      token: admin.accessToken,
      body: { approved: true },
    });
    expect(verify.status).toBe(409);
    expect(verify.body.error.code).toBe('DOCUMENTS_INCOMPLETE');
    expect(verify.body.error.details.missing).toEqual([
      'DRIVING_LICENCE',
      'VEHICLE_REGISTRATION',
      'INSURANCE',
      'TECHNICAL_INSPECTION',
    ]);
    for (const kind of verify.body.error.details.missing) expect(verify.body.error.message).toContain(kind);
    expect(await verificationOf(driver.user.id)).toBe('PENDING_VERIFICATION');

    const reject = await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/verify`, {
      token: admin.accessToken,
      body: { approved: false, reason: 'Dossier incomplet' },
    });
    expect(reject.status).toBe(200);
    expect(reject.body.verificationStatus).toBe('REJECTED');
  });

  it('verifies again a driver rejected earlier once every document is approved', async () => {
    const driver = await registerDriver(env);
    await call(env.app, 'PATCH', `/api/admin/drivers/${driver.user.id}/verify`, {
      token: admin.accessToken,
      body: { approved: false, reason: 'Documents manquants' },
    });
    const approved = await approveAllDocuments(env, driver, admin);
    expect(approved.map((d) => d.status)).toEqual(Array(5).fill('APPROVED'));
    expect(await verificationOf(driver.user.id)).toBe('VERIFIED');
  });
});
