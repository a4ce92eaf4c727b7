import type { CreateDispute, Dispute, Ride } from '@truck4u/contracts';
import { catalogues, formatTnd } from '@truck4u/logic';
import { act, fireEvent, screen, waitFor, within } from 'expo-router/testing-library';
import ActiveRide from '../src/app/driver/active';
import { assignedRide, disputeOn, driver, hoursAgo, ride } from './fixtures';
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
    id: 'dddddddd-dddd-4ddd-8ddd-000000000001',
    openedBy: 'driver',
    reason: 'PRICE',
    ...overrides,
  });
const disputesPath = `/api/rides/${ride.id}/disputes`;

/** The driver's ride screen (`/driver/active`) on `start`, which the next-status button moves on. */
function openActive(opts: {
  start: Ride;
  existing?: Dispute[];
  answer?: (body: CreateDispute) => { status?: number; body?: unknown };
  locale?: 'ar';
}) {
  let current = opts.start;
  return openAs(
    driver,
    {
      'GET /api/rides': () => ({ body: { items: [current] } }),
      'GET /api/rides/[^/]+': () => ({ body: current }),
      'PATCH /api/rides/[^/]+/status': (call) => {
        current = { ...current, ...(call.body as Pick<Ride, 'status'>), updatedAt: new Date().toISOString() };
        return { body: current };
      },
      'GET /api/rides/[^/]+/disputes': () => ({ body: { items: opts.existing ?? [] } }),
      'POST /api/rides/[^/]+/disputes': (call) =>
        opts.answer?.(call.body as CreateDispute) ?? { status: 500 },
    },
    { 'driver/active': ActiveRide },
    '/driver/active',
    { locale: opts.locale },
  );
}

/** What the api answers to a driver's report: the dispute as opened, in full for its author. */
const opened = (body: CreateDispute) => ({
  status: 201,
  body: dispute({ reason: body.reason, description: body.description, uploadIds: body.uploadIds ?? [] }),
});

describe('driver reports a problem', () => {
  it('reports from the ride under way with a photo, as the driver, then follows the decision live', async () => {
    const { api, app, files } = await openActive({
      start: { ...assignedRide, status: 'IN_TRANSIT' },
      answer: opened,
    });
    const panel = await screen.findByTestId('disputes');
    // Nothing reported yet: only the button, in the shared catalogue's words.
    expect(within(panel).queryByTestId('dispute')).toBeNull();
    const button = within(panel).getByTestId('open-dispute');
    expect(button).toHaveTextContent('Signaler un problème');

    fireEvent.press(button);
    fireEvent.press(await within(panel).findByTestId('dispute-reason-PRICE'));
    fireEvent.changeText(
      within(panel).getByTestId('dispute-description'),
      ' Le client a ajouté 300 kg au chargement et refuse de payer le supplément ',
    );
    // Evidence may also be a PDF (a delivery note, an invoice), as on the customer's side.
    expect(within(panel).getByTestId('dispute-picker-pdf')).toHaveTextContent('Choisir un PDF');
    phone.nextCameraPhoto('file:///photos/chargement.jpg');
    fireEvent.press(within(panel).getByTestId('dispute-picker-camera'));
    await within(panel).findByTestId('dispute-picker-thumb');
    fireEvent.press(within(panel).getByTestId('dispute-submit'));

    expect(await within(panel).findByTestId('dispute-sent')).toHaveTextContent(
      'Votre signalement a été envoyé à notre équipe.',
    );
    expect(files.map((f) => f.purpose)).toEqual(['DISPUTE_EVIDENCE']);
    const posts = api.calls.filter((c) => c.method === 'POST' && c.path === disputesPath);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers.authorization).toBe('Bearer access-driver');
    expect(posts[0]?.body).toEqual({
      reason: 'PRICE',
      description: 'Le client a ajouté 300 kg au chargement et refuse de payer le supplément',
      uploadIds: [files[0]?.id],
    });

    const shown = within(panel).getByTestId('dispute');
    expect(shown.props.dataSet).toMatchObject({ status: 'OPEN' });
    expect(within(shown).getByText(/^Prix ·/)).toBeTruthy();
    expect(within(shown).queryByText('Signalé par le chauffeur')).toBeNull();
    expect(within(shown).getByTestId('dispute-status')).toHaveTextContent(
      'En cours d’examen par notre équipe',
    );
    // One open dispute per party: no second report while this one is examined.
    expect(within(panel).queryByTestId('open-dispute')).toBeNull();
    expect(within(panel).queryByTestId('dispute-submit')).toBeNull();

    // Support decides for the customer with a partial refund: the driver reads whose wallet it went to.
    act(() =>
      app.server.serverEmit('dispute:updated', {
        rideId: ride.id,
        dispute: dispute({
          status: 'RESOLVED',
          description: 'Le client a ajouté 300 kg au chargement et refuse de payer le supplément',
          resolution: 'Le supplément n’avait pas été convenu.',
          refundAmount: 10_000,
          resolvedAt: '2026-01-02T09:00:00.000Z',
        }),
      }),
    );
    await waitFor(() => expect(within(panel).getByTestId('dispute-status')).toHaveTextContent('Résolu'));
    expect(within(panel).getAllByTestId('dispute')).toHaveLength(1);
    expect(within(panel).getByTestId('dispute-resolution')).toHaveTextContent(
      'Décision : Le supplément n’avait pas été convenu.',
    );
    expect(within(panel).getByTestId('dispute-refund')).toHaveTextContent(
      `Remboursé sur le portefeuille du client : ${formatTnd(10_000, 'fr')}`,
    );
    expect(within(panel).getByTestId('open-dispute')).toBeTruthy();
  });

  it('reports on the ride just completed, still on the screen after the last step', async () => {
    const { api } = await openActive({
      start: { ...assignedRide, status: 'DROPOFF_ARRIVED', payment: { status: 'NONE', method: 'CASH' } },
      answer: opened,
    });
    expect(await screen.findByTestId('open-dispute')).toBeTruthy();
    fireEvent.press(screen.getByTestId('next-status'));
    expect(await screen.findByTestId('ride-done')).toBeTruthy();
    expect(screen.getByTestId('ride-status').props.dataSet).toEqual({ status: 'COMPLETED' });

    const panel = screen.getByTestId('disputes');
    fireEvent.press(within(panel).getByTestId('open-dispute'));
    fireEvent.press(await within(panel).findByTestId('dispute-reason-PAYMENT'));
    fireEvent.changeText(
      within(panel).getByTestId('dispute-description'),
      'Le client est parti sans payer en espèces',
    );
    fireEvent.press(within(panel).getByTestId('dispute-submit'));
    await within(panel).findByTestId('dispute-sent');
    // Without photos nothing is uploaded and no uploadIds are sent.
    expect(
      api.calls.filter((c) => c.method === 'POST' && c.path === disputesPath).map((c) => c.body),
    ).toEqual([{ reason: 'PAYMENT', description: 'Le client est parti sans payer en espèces' }]);
    expect(within(panel).getByTestId('dispute').props.dataSet).toMatchObject({ status: 'OPEN' });
    expect(within(panel).queryByTestId('open-dispute')).toBeNull();
  });

  it('hides the button while the driver’s own dispute is open', async () => {
    await openActive({
      start: { ...assignedRide, status: 'LOADING' },
      existing: [dispute({ reason: 'NO_SHOW', description: 'Personne au chargement pendant 40 minutes' })],
    });
    const shown = await screen.findByTestId('dispute');
    expect(within(shown).getByText(/^Absence au rendez-vous ·/)).toBeTruthy();
    expect(within(shown).getByText('Personne au chargement pendant 40 minutes')).toBeTruthy();
    expect(within(shown).getByTestId('dispute-status')).toHaveTextContent(
      'En cours d’examen par notre équipe',
    );
    expect(screen.getByTestId('dispute-sent')).toBeTruthy();
    expect(screen.queryByTestId('open-dispute')).toBeNull();
  });

  it('still offers it while only the customer’s dispute is open, which it lists without its text', async () => {
    await openActive({
      start: { ...assignedRide, status: 'IN_TRANSIT' },
      existing: [dispute({ openedBy: 'customer', reason: 'LATE' })],
    });
    const shown = await screen.findByTestId('dispute');
    expect(within(shown).getByText('Signalé par le client')).toBeTruthy();
    expect(within(shown).getByText(/^Retard ·/)).toBeTruthy();
    expect(screen.getByTestId('open-dispute')).toBeTruthy();
    expect(screen.queryByTestId('dispute-sent')).toBeNull();
  });

  it('keeps the button when the customer cancels the ride under way, as the api still takes a report', async () => {
    const { app } = await openActive({ start: { ...assignedRide, status: 'DRIVER_ARRIVING' } });
    expect(await screen.findByTestId('open-dispute')).toBeTruthy();
    act(() =>
      app.server.serverEmit('ride:status', {
        rideId: ride.id,
        eventId: 3,
        from: 'DRIVER_ARRIVING',
        to: 'CANCELLED',
        ride: { ...assignedRide, status: 'CANCELLED', updatedAt: hoursAgo(0) },
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('ride-status').props.dataSet).toEqual({ status: 'CANCELLED' }),
    );
    expect(screen.getByTestId('open-dispute')).toBeTruthy();
  });

  it('offers no new report a week after the ride ended, as the api would refuse it', async () => {
    await openActive({
      start: { ...assignedRide, status: 'COMPLETED', updatedAt: hoursAgo(8 * 24) },
      existing: [dispute({ openedBy: 'customer', status: 'REJECTED' })],
    });
    expect(await screen.findByTestId('dispute')).toBeTruthy();
    expect(screen.queryByTestId('open-dispute')).toBeNull();
  });
});

describe('driver reports a problem in Arabic', () => {
  it('words the button, the author and a refund to the customer from the catalogues', async () => {
    await openActive({
      start: { ...assignedRide, status: 'COMPLETED', updatedAt: hoursAgo(1) },
      existing: [
        dispute({
          openedBy: 'customer',
          reason: 'DAMAGED_CARGO',
          status: 'RESOLVED',
          resolution: 'تمّ إثبات الضرر',
          refundAmount: 20_000,
        }),
      ],
      locale: 'ar',
    });
    const shown = await screen.findByTestId('dispute');
    expect(within(shown).getByText('أبلغ عنه الحريف')).toBeTruthy();
    expect(within(shown).getByTestId('dispute-status')).toHaveTextContent('تمّت المعالجة');
    expect(within(shown).getByTestId('dispute-refund')).toHaveTextContent(
      `تمّ الاسترجاع إلى محفظة الحريف: ${formatTnd(20_000, 'ar')}`,
    );
    expect(screen.getByTestId('open-dispute')).toHaveTextContent(ar.dispute.open);
  });
});
