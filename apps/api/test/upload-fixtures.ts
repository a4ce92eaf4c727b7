import type { UploadContentType, UploadPurpose, UploadTicket } from '@truck4u/contracts';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '../src/config/config';
import type { TestAccount } from './factories';
import { call } from './http-client';

/** Small but genuine files (1×1 pixel images, a one-line PDF): their first bytes are what the api checks. */
export const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const TINY_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** What the fixtures need of an api instance: a TestEnvironment or one of its extra instances. */
export interface UploadTarget {
  app: FastifyInstance;
  config: Config;
}

export interface RawResponse {
  status: number;
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * Sends a request to a signed URL as a client would, without an Authorization header: URLs of the api itself
 * (local storage) go through `app.inject`, others (an S3 endpoint) over real HTTP.
 */
export async function requestSignedUrl(
  target: UploadTarget,
  url: string,
  init: { method: 'PUT' | 'GET'; headers?: Record<string, string>; body?: Buffer } = { method: 'GET' },
): Promise<RawResponse> {
  const parsed = new URL(url);
  if (parsed.origin === new URL(target.config.http.publicUrl).origin) {
    const response = await target.app.inject({
      method: init.method,
      url: `${parsed.pathname}${parsed.search}`,
      headers: init.headers,
      ...(init.body ? { payload: init.body } : {}),
    });
    return {
      status: response.statusCode,
      body: response.rawPayload,
      headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)])),
    };
  }
  const response = await fetch(url, {
    method: init.method,
    headers: init.headers,
    body: init.body ? new Uint8Array(init.body) : undefined,
  });
  return {
    status: response.status,
    body: Buffer.from(await response.arrayBuffer()),
    headers: Object.fromEntries(response.headers.entries()),
  };
}

/** POST /api/uploads; asserts 201 and returns the ticket. */
export async function requestUpload(
  target: UploadTarget,
  account: TestAccount,
  body: { purpose: UploadPurpose; contentType: string; sizeBytes: number },
): Promise<UploadTicket> {
  const response = await call<UploadTicket>(target.app, 'POST', '/api/uploads', {
    token: account.accessToken,
    body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** PUTs `bytes` to the ticket's URL with exactly the headers it names. */
export function putUploadBytes(
  target: UploadTarget,
  ticket: UploadTicket,
  bytes: Buffer,
): Promise<RawResponse> {
  return requestSignedUrl(target, ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: bytes });
}

/** GET /api/uploads/:id as `account` (the read that checks a PENDING upload's bytes). */
export function readUpload(target: UploadTarget, account: TestAccount, id: string) {
  return call(target.app, 'GET', `/api/uploads/${id}`, { token: account.accessToken });
}

const TYPE_OF_FIXTURE = new Map<Buffer, UploadContentType>([
  [TINY_JPEG, 'image/jpeg'],
  [TINY_PNG, 'image/png'],
  [TINY_WEBP, 'image/webp'],
  [TINY_PDF, 'application/pdf'],
]);

/**
 * Uploads a file through the real flow (ticket, PUT to the signed URL, GET that checks it) and returns the
 * id of the READY upload, ready to attach. Defaults: TINY_JPEG, its type inferred for the fixtures above.
 */
export async function uploadFile(
  target: UploadTarget,
  account: TestAccount,
  options: { purpose: UploadPurpose; bytes?: Buffer; contentType?: string },
): Promise<string> {
  const bytes = options.bytes ?? TINY_JPEG;
  const contentType = options.contentType ?? TYPE_OF_FIXTURE.get(bytes) ?? 'image/jpeg';
  const ticket = await requestUpload(target, account, {
    purpose: options.purpose,
    contentType,
    sizeBytes: bytes.length,
  });
  const put = await putUploadBytes(target, ticket, bytes);
  expect(put.status, put.body.toString('utf8')).toBeLessThan(300);
  const read = await readUpload(target, account, ticket.id);
  expect(read.status, JSON.stringify(read.body)).toBe(200);
  expect(read.body.status, JSON.stringify(read.body)).toBe('READY');
  return ticket.id;
}
