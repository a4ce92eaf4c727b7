import type { CreateProof, Proof, Ride } from '@truck4u/contracts';
import { act, fireEvent, screen, waitFor, within } from 'expo-router/testing-library';
import CustomerRide from '../src/app/customer/rides/[id]';
import ActiveRide from '../src/app/driver/active';
import { assignedRide, customer, driver, ride } from './fixtures';
import { fakePhone, openAs } from './proof-uploads';

jest.mock('expo-image-picker', () => ({
  launchCameraAsync: jest.fn(),
  launchImageLibraryAsync: jest.fn(),
  requestCameraPermissionsAsync: jest.fn(),
}));
jest.mock('expo-document-picker', () => ({ getDocumentAsync: jest.fn() }));

let phone: ReturnType<typeof fakePhone>;
beforeEach(() => {
  phone = fakePhone();
});
afterEach(() => phone.restore());

const proof = (id: string, body: CreateProof): Proof => ({
  id,
  rideId: ride.id,
  driverId: driver.id,
  stage: body.stage,
  uploadIds: body.uploadIds,
  note: body.note ?? null,
  createdAt: '2026-01-01T09:40:00.000Z',
});

function openActive(current: Ride, addProof: (body: CreateProof) => { status?: number; body?: unknown }) {
  return openAs(
    driver,
    {
      'GET /api/rides': () => ({ body: { items: [current] } }),
      'GET /api/rides/[^/]+': () => ({ body: current }),
      'POST /api/rides/[^/]+/proofs': (call) => addProof(call.body as CreateProof),
    },
    { 'driver/active': ActiveRide },
    '/driver/active',
  );
}

describe('driver proof photos', () => {
  it('takes pickup photos (camera and gallery), uploads them, then attaches them to the ride', async () => {
    const { api, files } = await openActive({ ...assignedRide, status: 'LOADING' }, (body) => ({
      status: 201,
      body: proof('bbbbbbbb-bbbb-4bbb-8bbb-000000000001', body),
    }));

    const panel = await screen.findByTestId('proofs');
    expect(within(panel).getByText('Ajouter des photos · Au chargement')).toBeTruthy();
    const submit = within(panel).getByTestId('proof-submit');
    expect(submit.props.dataSet).toEqual({ stage: 'PICKUP' });
    expect(submit.props.accessibilityState).toMatchObject({ disabled: true });
    // Proofs are photos only (the api takes no PDF as a PROOF_PHOTO): camera and gallery, no PDF.
    expect(within(panel).getByTestId('proof-picker-camera')).toBeTruthy();
    expect(within(panel).getByTestId('proof-picker-library')).toBeTruthy();
    expect(within(panel).queryByTestId('proof-picker-pdf')).toBeNull();
    expect(within(panel).queryByText('Choisir un PDF')).toBeNull();

    phone.nextCameraPhoto('file:///photos/cartons-1.jpg');
    fireEvent.press(within(panel).getByTestId('proof-picker-camera'));
    await waitFor(() => expect(within(panel).getAllByTestId('proof-picker-thumb')).toHaveLength(1));
    phone.nextLibraryPhotos('file:///photos/cartons-2.jpg', 'file:///photos/camion.jpg');
    fireEvent.press(within(panel).getByTestId('proof-picker-library'));
    await waitFor(() => expect(within(panel).getAllByTestId('proof-picker-thumb')).toHaveLength(3));
    // The gallery is asked for no more than the room left under the api's five photos.
    expect(phone.library).toHaveBeenCalledWith(expect.objectContaining({ selectionLimit: 4 }));
    // A photo taken by mistake is removed before sending.
    fireEvent.press(within(panel).getByLabelText('Retirer la photo 3'));
    expect(within(panel).getAllByTestId('proof-picker-thumb')).toHaveLength(2);
    expect(within(panel).getByText('2 / 5 photo(s)')).toBeTruthy();

    fireEvent.press(within(panel).getByTestId('proof-submit'));
    await waitFor(() => expect(within(panel).getAllByTestId('proof-photo')).toHaveLength(2));
    expect(files.map((f) => [f.purpose, f.body])).toEqual([
      ['PROOF_PHOTO', { bytes: 2048 + 'file:///photos/cartons-1.jpg'.length, type: 'image/jpeg' }],
      ['PROOF_PHOTO', { bytes: 2048 + 'file:///photos/cartons-2.jpg'.length, type: 'image/jpeg' }],
    ]);
    const attached = api.calls.filter(
      (c) => c.method === 'POST' && c.path === `/api/rides/${ride.id}/proofs`,
    );
    expect(attached.map((c) => c.body)).toEqual([{ stage: 'PICKUP', uploadIds: files.map((f) => f.id) }]);
    // Shown through their short-lived download URLs; the picker is empty for the next proof.
    expect(within(panel).getAllByTestId('proof-photo')[0]?.props.source).toEqual({
      uri: `http://api.test/files/${files[0]?.id}.jpg?sig=dl`,
    });
    expect(within(panel).getByTestId('proof')).toHaveTextContent(/^Au chargement ·/);
    expect(within(panel).queryAllByTestId('proof-picker-thumb')).toHaveLength(0);
  });

  it('asks for delivery photos at the dropoff and shows the api’s refusal, keeping the photos', async () => {
    await openActive({ ...assignedRide, status: 'DROPOFF_ARRIVED' }, () => ({
      status: 409,
      body: {
        error: {
          code: 'CONFLICT',
          message: 'DELIVERY photos can be added while the ride is DROPOFF_ARRIVED, COMPLETED',
          details: { allowed: ['DROPOFF_ARRIVED', 'COMPLETED'] },
          requestId: 'req-2',
        },
      },
    }));
    const panel = await screen.findByTestId('proofs');
    expect(within(panel).getByTestId('proof-submit').props.dataSet).toEqual({ stage: 'DELIVERY' });
    phone.nextCameraPhoto('file:///photos/livre.jpg');
    fireEvent.press(within(panel).getByTestId('proof-picker-camera'));
    await within(panel).findByTestId('proof-picker-thumb');
    fireEvent.press(within(panel).getByTestId('proof-submit'));
    expect(await within(panel).findByTestId('proof-error')).toHaveTextContent(
      'Quelqu’un a agi en même temps. Actualisez la page.',
    );
    expect(within(panel).getAllByTestId('proof-picker-thumb')).toHaveLength(1);
    expect(within(panel).queryByTestId('proof')).toBeNull();
  });

  it('refuses a photo over the api’s size limit before uploading anything', async () => {
    const { files } = await openActive({ ...assignedRide, status: 'PICKUP_ARRIVED' }, () => ({
      status: 500,
    }));
    const panel = await screen.findByTestId('proofs');
    phone.nextLibraryPhotos('file:///photos/ok.jpg', 'file:///photos/panorama-9mb.jpg');
    fireEvent.press(within(panel).getByTestId('proof-picker-library'));
    await waitFor(() => expect(within(panel).getAllByTestId('proof-picker-thumb')).toHaveLength(2));
    fireEvent.press(within(panel).getByTestId('proof-submit'));
    expect(await within(panel).findByTestId('proof-error')).toHaveTextContent(
      'Fichier ou texte trop volumineux.',
    );
    expect(files).toEqual([]);
  });

  it('offers no photos before the pickup', async () => {
    await openActive({ ...assignedRide, status: 'DRIVER_ARRIVING' }, () => ({ status: 500 }));
    expect(await screen.findByTestId('next-status')).toBeTruthy();
    expect(screen.queryByTestId('proofs')).toBeNull();
  });
});

describe('customer sees the proof photos', () => {
  it('lists the driver’s photos and adds a delivery proof as it arrives', async () => {
    const pickup = proof('bbbbbbbb-bbbb-4bbb-8bbb-000000000001', {
      stage: 'PICKUP',
      uploadIds: ['aaaaaaaa-aaaa-4aaa-8aaa-000000000101', 'aaaaaaaa-aaaa-4aaa-8aaa-000000000102'],
      note: '20 cartons chargés',
    });
    const { app } = await openAs(
      customer,
      {
        'GET /api/rides/[^/]+': () => ({ body: { ...assignedRide, status: 'IN_TRANSIT' } }),
        'GET /api/rides/[^/]+/proofs': () => ({ body: { items: [pickup] } }),
      },
      { 'customer/rides/[id]': CustomerRide },
      `/customer/rides/${ride.id}`,
    );
    const panel = await screen.findByTestId('proofs');
    await waitFor(() => expect(within(panel).getAllByTestId('proof-photo')).toHaveLength(2));
    expect(within(panel).getByText('20 cartons chargés')).toBeTruthy();
    expect(within(panel).getAllByTestId('proof-photo')[1]?.props.source).toEqual({
      uri: 'http://api.test/files/aaaaaaaa-aaaa-4aaa-8aaa-000000000102.jpg?sig=dl',
    });
    expect(within(panel).getByLabelText('Photo 2')).toBeTruthy();
    // The customer only looks: no camera here.
    expect(within(panel).queryByTestId('proof-picker-camera')).toBeNull();

    act(() =>
      app.server.serverEmit('proof:new', {
        rideId: ride.id,
        proof: proof('bbbbbbbb-bbbb-4bbb-8bbb-000000000002', {
          stage: 'DELIVERY',
          uploadIds: ['aaaaaaaa-aaaa-4aaa-8aaa-000000000201'],
        }),
      }),
    );
    await waitFor(() => expect(within(panel).getAllByTestId('proof')).toHaveLength(2));
    expect(within(panel).getAllByTestId('proof')[1]?.props.dataSet).toEqual({ stage: 'DELIVERY' });
    await waitFor(() => expect(within(panel).getAllByTestId('proof-photo')).toHaveLength(3));
  });
});
