import type { DocumentKind, DriverDocument, DriverDocuments } from '@truck4u/contracts';
import { act, fireEvent, screen, waitFor, within } from 'expo-router/testing-library';
import { Image } from 'react-native';
import DocumentsTab from '../src/app/driver/documents';
import { driver } from './fixtures';
import { fakePhone, openAs } from './proof-uploads';

jest.mock('expo-image-picker', () => ({
  launchCameraAsync: jest.fn(),
  launchImageLibraryAsync: jest.fn(),
  requestCameraPermissionsAsync: jest.fn(),
}));
jest.mock('expo-document-picker', () => ({ getDocumentAsync: jest.fn() }));

const doc = (kind: DocumentKind, overrides: Partial<DriverDocument>): DriverDocument => ({
  id: `dddddddd-dddd-4ddd-8ddd-00000000000${kind.length % 10}`,
  driverId: driver.id,
  kind,
  status: 'PENDING',
  uploadId: 'aaaaaaaa-aaaa-4aaa-8aaa-999999999999',
  isCurrent: true,
  submittedAt: '2026-01-01T08:00:00.000Z',
  ...overrides,
});

let phone: ReturnType<typeof fakePhone>;
beforeEach(() => {
  phone = fakePhone();
});
afterEach(() => phone.restore());

function open(
  state: { documents: DriverDocuments },
  submit?: (body: unknown) => { status?: number; body?: unknown },
) {
  return openAs(
    driver,
    {
      'GET /api/drivers/me/documents': () => ({ body: state.documents }),
      'POST /api/drivers/me/documents': (call) =>
        submit?.(call.body) ?? { status: 201, body: doc('INSURANCE', call.body as Partial<DriverDocument>) },
    },
    { 'driver/documents': DocumentsTab },
    '/driver/documents',
  );
}

describe('driver documents', () => {
  it('shows each kind with its state and the reviewer’s reason, and follows a review live', async () => {
    const state = {
      documents: {
        items: [
          doc('CIN', { status: 'APPROVED', number: '09876543' }),
          doc('DRIVING_LICENCE', { status: 'PENDING', expiresAt: '2030-05-01', categories: ['B', 'C'] }),
          doc('VEHICLE_REGISTRATION', { status: 'REJECTED', reason: 'Photo floue, on ne lit pas le numéro' }),
          doc('INSURANCE', { status: 'EXPIRED', expiresAt: '2025-12-31', reason: 'Expirée le 31/12/2025' }),
        ],
        missing: ['DRIVING_LICENCE', 'VEHICLE_REGISTRATION', 'INSURANCE', 'TECHNICAL_INSPECTION'],
      } satisfies DriverDocuments,
    };
    const { app } = await open(state);

    expect(await screen.findByTestId('documents-summary')).toHaveTextContent(/^4 document\(s\) à fournir/);
    const status = (kind: DocumentKind) =>
      within(screen.getByTestId(`document-${kind}`)).getByTestId('document-status');
    expect(status('CIN')).toHaveTextContent('Approuvé');
    expect(status('DRIVING_LICENCE')).toHaveTextContent('En vérification');
    expect(status('VEHICLE_REGISTRATION')).toHaveTextContent('Refusé');
    expect(status('INSURANCE')).toHaveTextContent('Expiré');
    expect(status('TECHNICAL_INSPECTION')).toHaveTextContent('À fournir');
    expect(
      within(screen.getByTestId('document-DRIVING_LICENCE')).getByText('Catégories : B, C'),
    ).toBeTruthy();
    expect(
      within(screen.getByTestId('document-VEHICLE_REGISTRATION')).getByTestId('document-reason'),
    ).toHaveTextContent('Photo floue, on ne lit pas le numéro');
    // Approved or under review: nothing to send. Refused, expired or missing: a form.
    expect(screen.queryByTestId('document-submit-CIN')).toBeNull();
    expect(screen.queryByTestId('document-submit-DRIVING_LICENCE')).toBeNull();
    expect(screen.getByTestId('document-submit-VEHICLE_REGISTRATION')).toHaveTextContent(
      'Envoyer un nouveau document',
    );
    expect(screen.getByTestId('document-submit-TECHNICAL_INSPECTION')).toHaveTextContent('Envoyer');

    // An admin approves the licence: the screen reads the documents again without being touched.
    state.documents = {
      ...state.documents,
      items: state.documents.items.map((d) =>
        d.kind === 'DRIVING_LICENCE' ? { ...d, status: 'APPROVED' } : d,
      ),
      missing: ['VEHICLE_REGISTRATION', 'INSURANCE', 'TECHNICAL_INSPECTION'],
    };
    act(() =>
      app.server.serverEmit('document:status', {
        document: { ...state.documents.items[1], status: 'APPROVED' },
        verificationStatus: 'PENDING',
      }),
    );
    await waitFor(() => expect(status('DRIVING_LICENCE')).toHaveTextContent('Approuvé'));
    expect(screen.getByTestId('documents-summary')).toHaveTextContent(/^3 document\(s\)/);
  });

  it('sends a licence photographed with the camera: upload, then the document with its fields', async () => {
    const state = { documents: { items: [], missing: ['DRIVING_LICENCE'] } as DriverDocuments };
    const { api, files } = await open(state, (body) => {
      state.documents = { items: [doc('DRIVING_LICENCE', body as Partial<DriverDocument>)], missing: [] };
      return { status: 201, body: state.documents.items[0] };
    });

    const card = await screen.findByTestId('document-DRIVING_LICENCE');
    const submit = within(card).getByTestId('document-submit-DRIVING_LICENCE');
    expect(submit.props.accessibilityState).toMatchObject({ disabled: true });

    phone.nextCameraPhoto('file:///photos/permis.jpg');
    fireEvent.press(within(card).getByTestId('document-photo-DRIVING_LICENCE-camera'));
    expect(await within(card).findByTestId('document-photo-DRIVING_LICENCE-thumb')).toBeTruthy();
    fireEvent.changeText(within(card).getByTestId('document-number-DRIVING_LICENCE'), '12/345678');
    fireEvent.changeText(within(card).getByTestId('document-issued-DRIVING_LICENCE'), '2020-05-01');
    // Only digits and dashes stay in a date; a half-typed date is explained and blocks sending.
    fireEvent.changeText(within(card).getByTestId('document-expiry-DRIVING_LICENCE'), '2030/05');
    expect(within(card).getByText('Une date au format 2027-06-30')).toBeTruthy();
    fireEvent.changeText(within(card).getByTestId('document-expiry-DRIVING_LICENCE'), '2030-05-01');
    fireEvent.press(within(card).getByTestId('licence-C'));
    fireEvent.press(within(card).getByTestId('licence-B'));
    expect(submit.props.accessibilityState).toMatchObject({ disabled: false });
    fireEvent.press(submit);

    await waitFor(() =>
      expect(screen.getByTestId('documents-summary')).toHaveTextContent('Tous vos documents sont approuvés.'),
    );
    // The photo went up first, as a DRIVER_DOCUMENT, with the bytes the phone read from the file.
    expect(files).toEqual([
      expect.objectContaining({
        purpose: 'DRIVER_DOCUMENT',
        contentType: 'image/jpeg',
        sizeBytes: 2048 + 'file:///photos/permis.jpg'.length,
        body: { bytes: 2048 + 'file:///photos/permis.jpg'.length, type: 'image/jpeg' },
      }),
    ]);
    expect(
      api.calls.find((c) => c.method === 'POST' && c.path === '/api/drivers/me/documents')?.body,
    ).toEqual({
      kind: 'DRIVING_LICENCE',
      uploadId: files[0]?.id,
      number: '12/345678',
      issuedAt: '2020-05-01',
      expiresAt: '2030-05-01',
      // In the licence's order, whatever order they were pressed in.
      categories: ['B', 'C'],
    });
    expect(phone.camera).toHaveBeenCalledTimes(1);
  });

  it('sends the registration as a PDF: uploaded as a DRIVER_DOCUMENT in application/pdf, then submitted', async () => {
    const state = { documents: { items: [], missing: ['VEHICLE_REGISTRATION'] } as DriverDocuments };
    const { api, files } = await open(state, (body) => {
      state.documents = {
        items: [doc('VEHICLE_REGISTRATION', body as Partial<DriverDocument>)],
        missing: [],
      };
      return { status: 201, body: state.documents.items[0] };
    });
    const card = await screen.findByTestId('document-VEHICLE_REGISTRATION');
    expect(
      within(card).getByText('Photo (JPEG, PNG ou WebP) ou PDF du document, 10 Mo au plus'),
    ).toBeTruthy();
    const pdf = within(card).getByTestId('document-photo-VEHICLE_REGISTRATION-pdf');
    expect(pdf).toHaveTextContent('Choisir un PDF');

    // A PDF chosen by mistake is removed from its tile, like a photo, and another one chosen.
    phone.nextPdfs('file:///cache/DocumentPicker/scan-1.pdf');
    fireEvent.press(pdf);
    fireEvent.press(await within(card).findByLabelText('Retirer le PDF scan-1.pdf'));
    expect(within(card).queryByTestId('document-photo-VEHICLE_REGISTRATION-thumb')).toBeNull();
    phone.nextPdfs('file:///cache/DocumentPicker/carte-grise.pdf');
    fireEvent.press(within(card).getByTestId('document-photo-VEHICLE_REGISTRATION-pdf'));
    const tile = await within(card).findByTestId('document-photo-VEHICLE_REGISTRATION-thumb');
    // The file's name on the tile instead of a thumbnail.
    expect(within(tile).getByText('PDF')).toBeTruthy();
    expect(within(tile).getByText('carte-grise.pdf')).toBeTruthy();
    expect(within(tile).UNSAFE_queryAllByType(Image)).toEqual([]);
    expect(tile.props.accessibilityLabel).toBe('Retirer le PDF carte-grise.pdf');
    // One document, one file: the picker is asked for a single PDF, copied where the app can read it.
    expect(phone.documents).toHaveBeenLastCalledWith(
      expect.objectContaining({ type: 'application/pdf', copyToCacheDirectory: true, multiple: false }),
    );
    // The one file taken, no button asks for another.
    expect(within(card).queryByTestId('document-photo-VEHICLE_REGISTRATION-pdf')).toBeNull();

    fireEvent.changeText(within(card).getByTestId('document-number-VEHICLE_REGISTRATION'), '123 TU 4567');
    fireEvent.press(within(card).getByTestId('document-submit-VEHICLE_REGISTRATION'));
    await waitFor(() =>
      expect(screen.getByTestId('documents-summary')).toHaveTextContent('Tous vos documents sont approuvés.'),
    );
    const size = 2048 + 'file:///cache/DocumentPicker/carte-grise.pdf'.length;
    expect(files).toEqual([
      expect.objectContaining({
        purpose: 'DRIVER_DOCUMENT',
        contentType: 'application/pdf',
        sizeBytes: size,
        body: { bytes: size, type: 'application/pdf' },
      }),
    ]);
    expect(
      api.calls.find((c) => c.method === 'POST' && c.path === '/api/drivers/me/documents')?.body,
    ).toEqual({ kind: 'VEHICLE_REGISTRATION', uploadId: files[0]?.id, number: '123 TU 4567' });
    expect(phone.camera).not.toHaveBeenCalled();
    expect(phone.library).not.toHaveBeenCalled();
  });

  it('refuses a PDF over 10 MB before uploading anything, and keeps it shown', async () => {
    const { api, files } = await open({
      documents: { items: [], missing: ['INSURANCE'] } as DriverDocuments,
    });
    const card = await screen.findByTestId('document-INSURANCE');
    phone.nextPdfs('file:///cache/DocumentPicker/assurance-11mb.pdf');
    fireEvent.press(within(card).getByTestId('document-photo-INSURANCE-pdf'));
    await within(card).findByTestId('document-photo-INSURANCE-thumb');
    fireEvent.changeText(within(card).getByTestId('document-expiry-INSURANCE'), '2027-01-31');
    fireEvent.press(within(card).getByTestId('document-submit-INSURANCE'));

    expect(await within(card).findByTestId('document-error')).toHaveTextContent(
      'Fichier ou texte trop volumineux.',
    );
    expect(files).toEqual([]);
    expect(api.calls.filter((c) => c.method !== 'GET' && c.path.startsWith('/api/uploads'))).toEqual([]);
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/api/drivers/me/documents')).toBe(false);
    expect(
      within(within(card).getByTestId('document-photo-INSURANCE-thumb')).getByText('assurance-11mb.pdf'),
    ).toBeTruthy();
  });

  it('shows the api’s refusal in the driver’s language and keeps the photo for another try', async () => {
    const state = { documents: { items: [], missing: ['TECHNICAL_INSPECTION'] } as DriverDocuments };
    await openAs(
      driver,
      {
        'GET /api/drivers/me/documents': () => ({ body: state.documents }),
        'POST /api/drivers/me/documents': () => ({
          status: 400,
          body: {
            error: {
              code: 'VALIDATION_FAILED',
              message: 'Invalid body',
              details: [{ path: ['expiresAt'], message: 'Not a calendar date' }],
              requestId: 'req-1',
            },
          },
        }),
      },
      { 'driver/documents': DocumentsTab },
      '/driver/documents',
    );
    const card = await screen.findByTestId('document-TECHNICAL_INSPECTION');
    phone.nextLibraryPhotos('file:///photos/visite.jpg');
    fireEvent.press(within(card).getByTestId('document-photo-TECHNICAL_INSPECTION-library'));
    await within(card).findByTestId('document-photo-TECHNICAL_INSPECTION-thumb');
    fireEvent.changeText(within(card).getByTestId('document-expiry-TECHNICAL_INSPECTION'), '2027-02-30');
    fireEvent.press(within(card).getByTestId('document-submit-TECHNICAL_INSPECTION'));

    // The shared error shape's code, in French (not the api's English message).
    expect(await within(card).findByTestId('document-error')).toHaveTextContent(
      'Certaines informations sont invalides. Vérifiez le formulaire.',
    );
    expect(within(card).getByTestId('document-photo-TECHNICAL_INSPECTION-thumb')).toBeTruthy();
  });

  it('explains a refused camera and still offers the gallery', async () => {
    phone.refuseCamera();
    await open({ documents: { items: [], missing: ['CIN'] } as DriverDocuments });
    const card = await screen.findByTestId('document-CIN');
    fireEvent.press(within(card).getByTestId('document-photo-CIN-camera'));
    expect(await within(card).findByTestId('camera-refused')).toHaveTextContent(/n’est pas autorisé/);
    expect(phone.camera).not.toHaveBeenCalled();
    expect(within(card).getByTestId('document-photo-CIN-library')).toBeTruthy();
  });
});
