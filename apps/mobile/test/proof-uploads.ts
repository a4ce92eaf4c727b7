// Shared by the documents, proof and dispute screen tests: the api's file flow (POST /api/uploads, PUT the bytes
// to the signed URL, GET the READY upload) over the recorded HTTP stand-in, and the phone's photos and PDFs.
import type { CustomerProfile, DriverProfile, Upload, UploadPurpose } from '@truck4u/contracts';
import type { Locale } from '@truck4u/logic';
import * as DocumentPicker from 'expo-document-picker';
import * as ImagePicker from 'expo-image-picker';
import { renderRouter } from 'expo-router/testing-library';
import type { ComponentType } from 'react';
import SignIn from '../src/app/sign-in';
import { createFakeApi } from './fake-api';
import { authFor } from './fixtures';
import { createTestApp } from './test-app';

type Routes = Parameters<typeof createFakeApi>[0];

/** What the api was given for each upload, in order: the purpose declared and the bytes the PUT carried. */
export interface SentFile {
  id: string;
  purpose: UploadPurpose;
  contentType: string;
  sizeBytes: number;
  /** Set once the bytes arrived. */
  body?: unknown;
}

const uploadId = (n: number) => `aaaaaaaa-aaaa-4aaa-8aaa-${String(n).padStart(12, '0')}`;

export function uploadRoutes(files: SentFile[]): Routes {
  return {
    'POST /api/uploads': (call) => {
      const body = call.body as Omit<SentFile, 'id'>;
      const id = uploadId(files.length + 1);
      files.push({ id, ...body });
      return {
        status: 201,
        body: {
          id,
          uploadUrl: `http://api.test/api/uploads/${id}/content?sig=abc`,
          method: 'PUT',
          headers: { 'content-type': body.contentType },
          expiresAt: '2026-01-01T10:00:00.000Z',
        },
      };
    },
    'PUT /api/uploads/[^/]+/content': (call) => {
      const file = files.find((f) => call.path.includes(f.id));
      if (file) file.body = call.body;
      return { status: 204 };
    },
    'GET /api/uploads/[^/]+': (call) => {
      const file = files.find((f) => call.path.endsWith(f.id));
      const upload: Upload = {
        id: file?.id ?? call.path.split('/').pop() ?? '',
        purpose: file?.purpose ?? 'PROOF_PHOTO',
        contentType: 'image/jpeg',
        sizeBytes: file?.sizeBytes ?? 1,
        status: file?.body ? 'READY' : 'PENDING',
        downloadUrl: `http://api.test/files/${call.path.split('/').pop()}.jpg?sig=dl`,
        downloadExpiresAt: '2026-01-01T10:05:00.000Z',
      } as Upload;
      return { body: upload };
    },
  };
}

/**
 * The recorded stand-in parses every body as JSON; the bytes of a PUT are a Blob, so they are recorded as
 * `{ bytes, type }` instead.
 */
function withBlobBodies(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return (input, init) => {
    if (init?.body && typeof init.body !== 'string') {
      const blob = init.body as Blob;
      return fetch(input, { ...init, body: JSON.stringify({ bytes: blob.size, type: blob.type }) });
    }
    return fetch(input, init);
  };
}

const MB = 1024 * 1024;
/**
 * The size of the file at `uri`: a name with `-9mb` stands for 9 MB (over the proofs' 8 MB), one with `-11mb`
 * for 11 MB (over the 10 MB of documents and evidence).
 */
const sizeOf = (uri: string) =>
  uri.includes('-11mb') ? 11 * MB : uri.includes('-9mb') ? 9 * MB : 2048 + uri.length;

/**
 * Photos and PDFs the phone hands over: `fetch(file://…)` (how React Native reads a picked file) answers a
 * blob-like value of that size, and each picker answers the assets it is given next.
 */
export function fakePhone() {
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const uri = String(input);
    if (!uri.startsWith('file://')) throw new Error(`unexpected fetch ${uri}`);
    const type = uri.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg';
    return { blob: async () => ({ size: sizeOf(uri), type }) } as unknown as Response;
  }) as typeof fetch;
  // Each test file replaces expo-image-picker and expo-document-picker with jest.fn()s (jest.mock is hoisted
  // per file).
  const camera = jest.mocked(ImagePicker.launchCameraAsync);
  const library = jest.mocked(ImagePicker.launchImageLibraryAsync);
  const cameraPermission = jest.mocked(ImagePicker.requestCameraPermissionsAsync);
  const documents = jest.mocked(DocumentPicker.getDocumentAsync);
  const granted = (ok: boolean) =>
    ({ granted: ok, status: ok ? 'granted' : 'denied', canAskAgain: true, expires: 'never' }) as Awaited<
      ReturnType<typeof ImagePicker.requestCameraPermissionsAsync>
    >;
  cameraPermission.mockResolvedValue(granted(true));
  const result = (uris: string[]) =>
    ({
      canceled: false,
      assets: uris.map((uri) => ({ uri, width: 1200, height: 900, mimeType: 'image/jpeg' })),
    }) as ImagePicker.ImagePickerResult;
  const pdfs = (uris: string[]): DocumentPicker.DocumentPickerResult => ({
    canceled: false,
    assets: uris.map((uri) => ({
      uri,
      name: uri.split('/').pop() ?? uri,
      size: sizeOf(uri),
      mimeType: 'application/pdf',
      lastModified: 1_767_225_600_000,
    })),
  });
  return {
    camera,
    library,
    documents,
    /** The next photo the camera takes. */
    nextCameraPhoto: (uri: string) => camera.mockResolvedValueOnce(result([uri])),
    /** The photos chosen in the gallery next. */
    nextLibraryPhotos: (...uris: string[]) => library.mockResolvedValueOnce(result(uris)),
    /** The PDFs chosen in the document picker next (file:// URIs in the app's cache, as on a phone). */
    nextPdfs: (...uris: string[]) => documents.mockResolvedValueOnce(pdfs(uris)),
    refuseCamera: () => cameraPermission.mockResolvedValue(granted(false)),
    restore() {
      globalThis.fetch = original;
      for (const mock of [camera, library, cameraPermission, documents]) mock.mockReset();
    },
  };
}

/** Signs `user` in from a stored token and opens `url` among `screens`. */
export async function openAs(
  user: CustomerProfile | DriverProfile,
  routes: Routes,
  screens: Record<string, ComponentType>,
  url: string,
  options: { locale?: Locale } = {},
) {
  const files: SentFile[] = [];
  const api = createFakeApi({
    'POST /api/auth/refresh': () => ({ body: authFor(user) }),
    'GET /api/me': () => ({ body: user }),
    'GET /api/rides/[^/]+/events': () => ({ body: { items: [] } }),
    'GET /api/rides/[^/]+/bids': () => ({ body: { items: [] } }),
    'GET /api/rides/[^/]+/messages': () => ({
      body: { items: [], unreadCount: 0, isOpen: true, closesAt: null },
    }),
    'GET /api/rides/[^/]+/proofs': () => ({ body: { items: [] } }),
    'GET /api/rides/[^/]+/disputes': () => ({ body: { items: [] } }),
    'GET /api/rides/[^/]+/(tracking|delivery)': () => ({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'x' } },
    }),
    ...uploadRoutes(files),
    ...routes,
  });
  const app = createTestApp({ fetch: withBlobBodies(api.fetch), locale: options.locale });
  await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
  renderRouter({ _layout: app.Layout, 'sign-in': SignIn, ...screens }, { initialUrl: url });
  return { api, app, files };
}
