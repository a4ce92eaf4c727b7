import type { Ride } from '@truck4u/contracts';
import { formatTnd } from '@truck4u/logic';
import { act, fireEvent, renderRouter, screen, waitFor, within } from 'expo-router/testing-library';
import { Text } from 'react-native';
import ActiveRide from '../src/app/driver/active';
import Dashboard from '../src/app/driver/index';
import SignIn from '../src/app/sign-in';
import { createFakeApi } from './fake-api';
import { authFor, driver, ride } from './fixtures';
import { createTestApp } from './test-app';

function signedInDriver(
  extra: Parameters<typeof createFakeApi>[0] = {},
  watchPosition?: Parameters<typeof createTestApp>[0]['watchPosition'],
) {
  const api = createFakeApi({
    'POST /api/auth/refresh': () => ({ body: authFor(driver) }),
    'GET /api/me': () => ({ body: driver }),
    'GET /api/drivers/me/rides/available': () => ({ body: { items: [] } }),
    'PATCH /api/drivers/me/availability': (call) => ({ body: call.body }),
    'POST /api/drivers/me/location': () => ({ body: { at: '2026-01-01T09:00:00.000Z', activeRideId: null } }),
    ...extra,
  });
  const app = createTestApp({ fetch: api.fetch, watchPosition });
  return { api, app };
}

async function openDashboard(app: ReturnType<typeof createTestApp>) {
  await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
  renderRouter(
    {
      _layout: app.Layout,
      'sign-in': SignIn,
      'driver/index': Dashboard,
      'driver/active': ActiveRide,
      'customer/index': () => <Text>customer home</Text>,
    },
    { initialUrl: '/driver' },
  );
  return screen.findByTestId('online-toggle');
}

describe('driver dashboard', () => {
  it('goes online, receives a request live and sends a bid in TND', async () => {
    const { api, app } = signedInDriver({
      'POST /api/rides/[^/]+/bids': (call) => ({
        status: 201,
        body: {
          id: '44444444-4444-4444-8444-444444444444',
          rideId: ride.id,
          driverId: driver.id,
          ...(call.body as object),
          message: null,
          status: 'PENDING',
          expiresAt: '2026-01-01T09:10:00.000Z',
          createdAt: '2026-01-01T09:01:00.000Z',
          updatedAt: '2026-01-01T09:01:00.000Z',
        },
      }),
    });
    const toggle = await openDashboard(app);
    expect(screen.getByText('Hors ligne')).toBeTruthy();

    fireEvent(toggle, 'valueChange', true);
    await waitFor(() => expect(screen.getByText('En ligne')).toBeTruthy());
    expect(api.calls).toContainEqual(
      expect.objectContaining({
        method: 'PATCH',
        path: '/api/drivers/me/availability',
        body: { online: true },
      }),
    );
    expect(api.calls).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/api/drivers/me/location',
        // Through the offline queue: stamped with when the fix was taken.
        body: { lat: 36.84, lng: 10.2, recordedAt: expect.any(String) },
      }),
    );
    expect(screen.getByText('Aucune demande pour le moment. Restez en ligne.')).toBeTruthy();

    // The dispatcher offers this driver a ride over the socket.
    act(() =>
      app.server.serverEmit('ride:request', {
        ride,
        distanceMeters: 2_400,
        bidDeadline: '2026-01-01T09:05:00.000Z',
      }),
    );
    const card = await screen.findByTestId('request-card');
    expect(card.props.dataSet).toEqual({ rideId: ride.id });
    expect(within(card).getByText('Charguia, zone industrielle → Sousse')).toBeTruthy();
    expect(within(card).getByText('À 2,4 km du chargement')).toBeTruthy();

    fireEvent.changeText(within(card).getByTestId('bid-price'), '90');
    fireEvent.press(within(card).getByTestId('bid-submit'));

    expect(await screen.findByTestId('bid-sent')).toHaveTextContent(
      `Offre envoyée : ${formatTnd(90_000, 'fr')}`,
    );
    expect(api.calls).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: `/api/rides/${ride.id}/bids`,
        body: { price: 90_000, etaMinutes: 15 },
      }),
    );
  });

  it('says so when the phone refuses the position, and stays offline', async () => {
    const { api, app } = signedInDriver({}, (_onPosition, onError) => {
      onError('DENIED');
      return () => undefined;
    });
    const toggle = await openDashboard(app);
    fireEvent(toggle, 'valueChange', true);
    expect(await screen.findByTestId('shift-error')).toHaveTextContent(
      'Autorisez la localisation pour recevoir des demandes.',
    );
    expect(screen.getByText('Hors ligne')).toBeTruthy();
    expect(api.calls.some((c) => c.path === '/api/drivers/me/availability')).toBe(false);
  });
});

describe('driver active ride', () => {
  it('hands the next stop to the maps app and moves the ride on with the big button', async () => {
    let current: Ride = { ...ride, status: 'BID_ACCEPTED', driverId: driver.id, price: 90_000 };
    const { api, app } = signedInDriver({
      'GET /api/rides': () => ({ body: { items: [current] } }),
      'GET /api/rides/[^/]+': () => ({ body: current }),
      'GET /api/rides/[^/]+/events': () => ({ body: { items: [] } }),
      'PATCH /api/rides/[^/]+/status': (call) => {
        current = { ...current, ...(call.body as Pick<Ride, 'status'>) };
        return { body: current };
      },
    });
    await app.services.storage.set('t4u.refresh-token', 'stored-refresh');
    renderRouter(
      { _layout: app.Layout, 'sign-in': SignIn, 'driver/active': ActiveRide },
      { initialUrl: '/driver/active' },
    );

    const next = await screen.findByTestId('next-status');
    expect(next.props.dataSet).toEqual({ nextStatus: 'DRIVER_ARRIVING' });
    expect(within(next).getByText('Je pars vers le chargement')).toBeTruthy();
    expect(screen.getByTestId('next-stop')).toHaveTextContent('Charguia, zone industrielle');

    fireEvent.press(screen.getByTestId('navigate'));
    expect(app.opened).toEqual([
      'https://www.google.com/maps/dir/?api=1&destination=36.8385,10.2085&travelmode=driving',
    ]);

    fireEvent.press(next);
    await waitFor(() =>
      expect(screen.getByTestId('next-status').props.dataSet).toEqual({ nextStatus: 'PICKUP_ARRIVED' }),
    );
    expect(api.calls).toContainEqual(
      expect.objectContaining({
        method: 'PATCH',
        path: `/api/rides/${ride.id}/status`,
        // Through the offline queue: the id the api deduplicates a replay by.
        body: { status: 'DRIVER_ARRIVING', clientEventId: expect.any(String) },
      }),
    );
    expect(screen.getByTestId('ride-status').props.dataSet).toEqual({ status: 'DRIVER_ARRIVING' });
  });
});
