import {
  type DocumentKind,
  type DriverDocument,
  licenceCategoriesFor,
  type SubmitDocument,
  type VehicleType,
} from '@truck4u/contracts';
import { driverDocuments, drivers, uploads } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { tunisDateOf } from '../src/infra/tunis-calendar';
import type { TestAccount } from './factories';
import { call } from './http-client';
import type { TestEnvironment } from './test-environment';
import { uploadFile } from './upload-fixtures';

/** The Tunis date `days` from the environment clock's today (negative: in the past), YYYY-MM-DD. */
export function tunisDay(env: TestEnvironment, days: number): string {
  return tunisDateOf(new Date(env.clock.now().getTime() + days * 86_400_000));
}

/** A valid body for each kind, the file to be filled in; the licence covers `vehicleType`. */
export function documentBody(
  env: TestEnvironment,
  kind: DocumentKind,
  vehicleType: VehicleType = 'SMALL_VAN',
): Omit<SubmitDocument, 'uploadId'> {
  const expiresAt = tunisDay(env, 365);
  switch (kind) {
    case 'CIN':
      return { kind, number: '08123456', issuedAt: '2019-05-02' };
    case 'DRIVING_LICENCE':
      return { kind, number: '12/345678', expiresAt, categories: [...licenceCategoriesFor(vehicleType)] };
    case 'VEHICLE_REGISTRATION':
      return { kind, number: '123 TU 4567' };
    case 'INSURANCE':
      return { kind, number: 'STAR-2026-1234', expiresAt };
    case 'TECHNICAL_INSPECTION':
      return { kind, expiresAt };
  }
}

/** Uploads a file and submits a document through the api; asserts 201. */
export async function submitDocument(
  env: TestEnvironment,
  driver: TestAccount,
  body: Omit<SubmitDocument, 'uploadId'>,
): Promise<DriverDocument> {
  const uploadId = await uploadFile(env, driver, { purpose: 'DRIVER_DOCUMENT' });
  const response = await call<DriverDocument>(env.app, 'POST', '/api/drivers/me/documents', {
    token: driver.accessToken,
    body: { ...body, uploadId },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export function reviewDocument(env: TestEnvironment, admin: TestAccount, documentId: string, body: unknown) {
  return call(env.app, 'PATCH', `/api/admin/documents/${documentId}/review`, {
    token: admin.accessToken,
    body,
  });
}

/** Submits and approves the five required documents through the api, as a driver and an admin would. */
export async function approveAllDocuments(
  env: TestEnvironment,
  driver: TestAccount,
  admin: TestAccount,
  vehicleType: VehicleType = 'SMALL_VAN',
): Promise<DriverDocument[]> {
  const kinds: DocumentKind[] = [
    'CIN',
    'DRIVING_LICENCE',
    'VEHICLE_REGISTRATION',
    'INSURANCE',
    'TECHNICAL_INSPECTION',
  ];
  const approved: DriverDocument[] = [];
  for (const kind of kinds) {
    const doc = await submitDocument(env, driver, documentBody(env, kind, vehicleType));
    const review = await reviewDocument(env, admin, doc.id, { approved: true });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    approved.push(review.body.document);
  }
  return approved;
}

/**
 * Writes five approved, valid documents (and their upload rows) straight to the database: for tests of the
 * rules that read them (the verify route, dispatch), not of how documents are submitted.
 */
export async function insertApprovedDocuments(
  env: TestEnvironment,
  driverId: string,
  options: { categories?: string[] } = {},
): Promise<void> {
  const [driver] = await env.database.db
    .select({ vehicleType: drivers.vehicleType })
    .from(drivers)
    .where(eq(drivers.id, driverId));
  if (!driver) throw new Error(`no driver ${driverId}`);
  const categories = options.categories ?? [...licenceCategoriesFor(driver.vehicleType)];
  const kinds: DocumentKind[] = [
    'CIN',
    'DRIVING_LICENCE',
    'VEHICLE_REGISTRATION',
    'INSURANCE',
    'TECHNICAL_INSPECTION',
  ];
  for (const kind of kinds) {
    const [upload] = await env.database.db
      .insert(uploads)
      .values({
        ownerRole: 'driver',
        ownerId: driverId,
        purpose: 'DRIVER_DOCUMENT',
        contentType: 'image/jpeg',
        sizeBytes: 100,
        storageKey: `test/${driverId}/${kind}/${crypto.randomUUID()}`,
        status: 'READY',
        attachedAt: new Date(),
      })
      .returning({ id: uploads.id });
    if (!upload) throw new Error('upload insert failed');
    const body = documentBody(env, kind, driver.vehicleType);
    await env.database.db.insert(driverDocuments).values({
      driverId,
      kind,
      status: 'APPROVED',
      uploadId: upload.id,
      number: body.number ?? null,
      issuedAt: body.issuedAt ?? null,
      expiresAt: body.expiresAt ?? null,
      categories: kind === 'DRIVING_LICENCE' ? categories : null,
      reviewedAt: new Date(),
    });
  }
  await env.database.db
    .update(drivers)
    .set({ licenceCategories: categories })
    .where(eq(drivers.id, driverId));
}
