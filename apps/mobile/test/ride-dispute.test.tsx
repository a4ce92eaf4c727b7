import type { CreateDispute, Dispute } from '@truck4u/contracts';
import { catalogues, formatTnd } from '@truck4u/logic';
import { act, fireEvent, screen, waitFor, within } from 'expo-router/testing-library';
import CustomerRide from '../src/app/customer/rides/[id]';
import { assignedRide, customer, disputeOn, hoursAgo, ride } from './fixtures';
import { fakePhone, openAs } from './proof-uploads';

jest.mock('expo-image-picker', () => ({
  launchCameraAsync: jest.fn(),
  launchImageLibraryAsync: jest.fn(),
  requestCameraPermissionsAsync: jest.fn(),
}));
jest.mock('expo-document-picker', () => ({ getDocumentAsync: jest.fn() }));

const ar = catalogues.ar;

let phone: ReturnType<typeof fakePhone>;
beforeEach(() => {
  phone = fakePhone();
});
afterEach(() => phone.restore());

const dispute = (overrides: Partial<Dispute>): Dispute =>
  disputeOn({
    id: 'cccccccc-cccc-4ccc-8ccc-000000000001',
    openedBy: 'customer',
    reason: 'DAMAGED_CARGO',
    ...overrides,
  });

function open(opts: {
  existing?: Dispute[];
  answer: (body: CreateDispute) => { status?: number; body?: unknown };
  endedAt?: string;
}) {
  return openAs(
    customer,
    {
      'GET /api/rides/[^/]+': () => ({
        body: {
          ...assignedRide,
          status: 'COMPLETED',
          payment: { status: 'PAID', method: 'CASH' },
          updatedAt: opts.endedAt ?? hoursAgo(2),
        },
      }),
      'GET /api/rides/[^/]+/disputes': () => ({ body: { items: opts.existing ?? [] } }),
      'POST /api/rides/[^/]+/disputes': (call) => opts.answer(call.body as CreateDispute),
    },
    { 'customer/rides/[id]': CustomerRide },
    `/customer/rides/${ride.id}`,
  );
}

async function fillForm(panel: ReturnType<typeof screen.getByTestId>) {
  fireEvent.press(within(panel).getByTestId('open-dispute'));
  fireEvent.press(await within(panel).findByTestId('dispute-reason-DAMAGED_CARGO'));
  fireEvent.changeText(within(panel).getByTestId('dispute-description'), 'Cassé');
}

describe('customer reports a problem', () => {
  it('opens a dispute with a reason, what happened and a photo, then follows its decision live', async () => {
    const { api, app, files } = await open({
      answer: (body) => ({
        status: 201,
        body: dispute({ ...body, uploadIds: body.uploadIds ?? [], description: body.description }),
      }),
    });
    const panel = await screen.findByTestId('disputes');
    await fillForm(panel);
    // "What happened" needs ten characters: the api refuses less, so the button waits.
    expect(within(panel).getByTestId('dispute-submit').props.accessibilityState).toMatchObject({
      disabled: true,
    });
    fireEvent.changeText(
      within(panel).getByTestId('dispute-description'),
      '  Trois cartons de carrelage cassés à l’arrivée  ',
    );
    phone.nextLibraryPhotos('file:///photos/casse.jpg');
    fireEvent.press(within(panel).getByTestId('dispute-picker-library'));
    await within(panel).findByTestId('dispute-picker-thumb');
    fireEvent.press(within(panel).getByTestId('dispute-submit'));

    expect(await within(panel).findByTestId('dispute-sent')).toHaveTextContent(
      'Votre signalement a été envoyé à notre équipe.',
    );
    expect(files.map((f) => f.purpose)).toEqual(['DISPUTE_EVIDENCE']);
    expect(
      api.calls.find((c) => c.method === 'POST' && c.path === `/api/rides/${ride.id}/disputes`)?.body,
    ).toEqual({
      reason: 'DAMAGED_CARGO',
      description: 'Trois cartons de carrelage cassés à l’arrivée',
      uploadIds: [files[0]?.id],
    });
    const shown = within(panel).getByTestId('dispute');
    expect(shown.props.dataSet).toMatchObject({ status: 'OPEN' });
    expect(within(shown).getByText(/^Marchandise abîmée ·/)).toBeTruthy();
    expect(within(shown).getByTestId('dispute-status')).toHaveTextContent(
      'En cours d’examen par notre équipe',
    );
    expect(within(panel).queryByTestId('dispute-submit')).toBeNull();
    // The api takes one open dispute per party: no second one while this one is examined.
    expect(within(panel).queryByTestId('open-dispute')).toBeNull();

    // Support decides: the state, the decision and the refund show without a reload.
    act(() =>
      app.server.serverEmit('dispute:updated', {
        rideId: ride.id,
        dispute: dispute({
          status: 'RESOLVED',
          description: 'Trois cartons de carrelage cassés à l’arrivée',
          resolution: 'Le chauffeur reconnaît la casse.',
          refundAmount: 20_000,
          resolvedAt: '2026-01-02T09:00:00.000Z',
        }),
      }),
    );
    await waitFor(() => expect(within(panel).getByTestId('dispute-status')).toHaveTextContent('Résolu'));
    expect(within(panel).getAllByTestId('dispute')).toHaveLength(1);
    expect(within(panel).getByTestId('dispute-resolution')).toHaveTextContent(
      'Décision : Le chauffeur reconnaît la casse.',
    );
    expect(within(panel).getByTestId('dispute-refund')).toHaveTextContent(
      `Remboursé sur votre portefeuille : ${formatTnd(20_000, 'fr')}`,
    );
    expect(within(panel).queryByTestId('dispute-sent')).toBeNull();
    expect(within(panel).getByTestId('open-dispute')).toBeTruthy();
  });

  it('sends a photo and a PDF as evidence, both uploaded as DISPUTE_EVIDENCE', async () => {
    const { api, files } = await open({
      answer: (body) => ({
        status: 201,
        body: dispute({ ...body, uploadIds: body.uploadIds ?? [], description: body.description }),
      }),
    });
    const panel = await screen.findByTestId('disputes');
    await fillForm(panel);
    fireEvent.changeText(
      within(panel).getByTestId('dispute-description'),
      'Deux cartons manquent, voir le bon de livraison',
    );
    expect(within(panel).getByText('Photos ou PDF (facultatif)')).toBeTruthy();
    phone.nextLibraryPhotos('file:///photos/carton-ouvert.jpg');
    fireEvent.press(within(panel).getByTestId('dispute-picker-library'));
    await within(panel).findByTestId('dispute-picker-thumb');
    const pdf = within(panel).getByTestId('dispute-picker-pdf');
    expect(pdf).toHaveTextContent('Choisir un PDF');
    phone.nextPdfs('file:///cache/DocumentPicker/bon-de-livraison.pdf');
    fireEvent.press(pdf);
    await waitFor(() => expect(within(panel).getAllByTestId('dispute-picker-thumb')).toHaveLength(2));
    // Room for four more: several PDFs may be chosen at once.
    expect(phone.documents).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'application/pdf', copyToCacheDirectory: true, multiple: true }),
    );
    expect(within(panel).getByText('bon-de-livraison.pdf')).toBeTruthy();
    expect(within(panel).getByLabelText('Retirer le PDF bon-de-livraison.pdf')).toBeTruthy();
    expect(within(panel).getByLabelText('Retirer la photo 1')).toBeTruthy();
    expect(within(panel).getByText('2 / 5 fichier(s)')).toBeTruthy();
    fireEvent.press(within(panel).getByTestId('dispute-submit'));

    expect(await within(panel).findByTestId('dispute-sent')).toBeTruthy();
    const pdfSize = 2048 + 'file:///cache/DocumentPicker/bon-de-livraison.pdf'.length;
    expect(files.map((f) => [f.purpose, f.contentType, f.body])).toEqual([
      [
        'DISPUTE_EVIDENCE',
        'image/jpeg',
        { bytes: 2048 + 'file:///photos/carton-ouvert.jpg'.length, type: 'image/jpeg' },
      ],
      ['DISPUTE_EVIDENCE', 'application/pdf', { bytes: pdfSize, type: 'application/pdf' }],
    ]);
    expect(
      api.calls.find((c) => c.method === 'POST' && c.path === `/api/rides/${ride.id}/disputes`)?.body,
    ).toMatchObject({ uploadIds: files.map((f) => f.id) });
  });

  it('shows the api’s refusal in the shared error shape and keeps what was typed', async () => {
    const { files } = await open({
      answer: () => ({
        status: 409,
        body: {
          error: {
            code: 'CONFLICT',
            message: 'You already have an open dispute about this ride',
            requestId: 'req-3',
          },
        },
      }),
    });
    const panel = await screen.findByTestId('disputes');
    await fillForm(panel);
    fireEvent.changeText(
      within(panel).getByTestId('dispute-description'),
      'Le chauffeur est arrivé en retard',
    );
    fireEvent.press(within(panel).getByTestId('dispute-submit'));
    expect(await within(panel).findByTestId('dispute-error')).toHaveTextContent(
      'Quelqu’un a agi en même temps. Actualisez la page.',
    );
    expect(within(panel).getByTestId('dispute-description').props.value).toBe(
      'Le chauffeur est arrivé en retard',
    );
    // Without photos nothing is uploaded and no uploadIds are sent.
    expect(files).toEqual([]);
  });

  it('lists the disputes already opened on the ride, the driver’s without its description', async () => {
    await open({
      existing: [
        dispute({
          id: 'cccccccc-cccc-4ccc-8ccc-000000000002',
          openedBy: 'driver',
          reason: 'PAYMENT',
          status: 'REJECTED',
          resolution: 'Le paiement en espèces est confirmé.',
        }),
      ],
      answer: () => ({ status: 500 }),
    });
    const shown = await screen.findByTestId('dispute');
    expect(within(shown).getByText('Signalé par le chauffeur')).toBeTruthy();
    expect(within(shown).getByText(/^Paiement ·/)).toBeTruthy();
    expect(within(shown).getByTestId('dispute-status')).toHaveTextContent('Rejeté');
    expect(screen.getByTestId('open-dispute')).toBeTruthy();
  });

  it('offers no new report a week after the ride ended, as the api would refuse it', async () => {
    await open({ answer: () => ({ status: 500 }), endedAt: hoursAgo(8 * 24) });
    expect(await screen.findByTestId('pay-cash')).toBeTruthy();
    expect(screen.queryByTestId('open-dispute')).toBeNull();
    expect(screen.queryByTestId('disputes')).toBeNull();
  });
});

describe('customer reports a problem in Arabic', () => {
  it('words the form and the state from the shared catalogue', async () => {
    await openAs(
      customer,
      {
        'GET /api/rides/[^/]+': () => ({
          body: { ...assignedRide, status: 'COMPLETED', updatedAt: hoursAgo(1) },
        }),
        'GET /api/rides/[^/]+/disputes': () => ({
          body: { items: [dispute({ reason: 'LATE', openedBy: 'driver' })] },
        }),
      },
      { 'customer/rides/[id]': CustomerRide },
      `/customer/rides/${ride.id}`,
      { locale: 'ar' },
    );
    const shown = await screen.findByTestId('dispute');
    expect(within(shown).getByTestId('dispute-status')).toHaveTextContent('قيد المراجعة من فريقنا');
    expect(within(shown).getByText('أبلغ عنه السائق')).toBeTruthy();
    expect(screen.getByTestId('open-dispute')).toHaveTextContent(ar.dispute.open);
    expect(within(shown).getByText(new RegExp(`^${ar.dispute.reasons.LATE} ·`))).toBeTruthy();
  });
});
